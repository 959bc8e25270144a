/**
 * The node's decisions. {@link org.raftlite.store.Store#handle} is the data endpoints' one way in: it takes a
 * {@link org.raftlite.command.Request} and answers an {@link org.raftlite.store.Outcome}.
 * <ul>
 *   <li>{@code Proposals}: what enters the log (statements made deterministic, a command proposed on the leader) and
 *       what came of it: answered when this node applied it, {@code NotHere} when the entry was never appended,
 *       rqlited's {@code leadership lost while committing log} when it was and leadership went.</li>
 *   <li>{@code Reads}: levels. {@code strong} goes through the log; {@code linearizable} waits for a barrier entry;
 *       {@code weak} needs the leader; {@code none} only freshness. {@code ReadPlacement} puts a local read on the
 *       caller's event loop only when its text was last seen to finish within 1 ms, else on a worker: a read is
 *       never started in one place and run again in another.</li>
 *   <li>{@code QueuedWrites} and {@code WriteQueue}: {@code ?queue}, batched on one thread; a follower's batch goes to
 *       the leader over HTTP ({@link org.raftlite.store.LeaderLink}) named by a {@link org.raftlite.command.Batch}
 *       that the {@code StateMachine} applies once however often it arrives.</li>
 *   <li>{@code Loads}: {@code /db/load}; SQL text, or a SQLite file turned into its dump, through the log as one
 *       transaction ({@code LOAD}, {@code REPLACE}).</li>
 *   <li>{@code StateMachine}: the only writer of the SQLite file, on RAFT's thread; entries committed together share
 *       one SQLite transaction, redone one by one when SQLite undoes it.</li>
 *   <li>{@code Parts} opens and closes what a node is made of; {@code Snapshots} decides when to snapshot;
 *       {@code Readings} reads the numbers of {@code /status} and of the gauges.</li>
 * </ul>
 * The store knows nothing of HTTP: {@link org.raftlite.store.Workers} and {@link org.raftlite.store.LeaderLink} are
 * handed to it by {@code http}; nor of CDC: the rows each entry changed go to the
 * {@link org.raftlite.store.ChangeFeed} that {@code cdc} implements.
 */
package org.raftlite.store;
