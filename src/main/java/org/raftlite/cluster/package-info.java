/**
 * How a node becomes and stops being part of its cluster, as rqlited's {@code cluster} package and main do it:
 * {@code Formation} plans the start (a lone node, a joiner, {@code -bootstrap-expect}, DNS discovery),
 * {@code Membership} carries it out (joins the JGroups group, registers the node as a voter and its addresses in the
 * log, steps down, removes nodes, rejoins when stranded without a leader), {@code Nodes} is the registry the log
 * builds, and {@code ClusterFiles} keeps the peers' addresses for a restart without {@code -join}.
 */
package org.raftlite.cluster;
