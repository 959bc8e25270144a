/**
 * rqlite 9's change data capture. The rows an entry changed reach {@link org.raftlite.cdc.CdcService} from the state
 * machine, on every node, in log order, once SQLite committed them (the store's
 * {@link org.raftlite.store.ChangeFeed}; the capture itself is {@code db.ChangeCapture}).
 * <ul>
 *   <li>Batching: up to {@code max_batch_size} entries, or what gathered within {@code max_batch_delay}, become one
 *       batch in {@code BatchCodec}'s binary form; the leader writes rqlite's JSON ({@code Envelope}) when it sends
 *       one.</li>
 *   <li>{@code Fifo}: the batches on disk, keyed by their last Raft index; a key not above the last one is ignored,
 *       which is what makes entries replayed at restart harmless. Also the high-water mark.</li>
 *   <li>Sending: only the leader, the batches after the high-water mark, one at a time, retried by the policy;
 *       {@code Sink} is the endpoint (HTTP POST, success on 200 or 202) or standard output.</li>
 *   <li>The mark: every {@code high_watermark_interval} the leader proposes a {@code CDC_MARK} entry when its
 *       mark moved; applying it trims the FIFO on every node, and a new leader starts after it.</li>
 * </ul>
 * Delivery is at least once, in index order; duplicates (same index) only around a leader change, a restart or
 * retries whose answer was lost.
 */
package org.raftlite.cdc;
