package org.raftlite.raft;

import org.jgroups.protocols.TCP;

/**
 * JGroups' TCP on the Raft port, releasing that port when a connect attempt fails: TCP binds its server socket
 * when the stack starts, but JGroups 5.4.11 closes it only once the server runs, which it does only after the
 * connect reached the transport; an attempt that failed on the way kept the port bound, and the next attempt of the
 * same process found it taken ("No available port to bind to in range [R .. R]").
 */
public class RaftTransport extends TCP {

    /** JGroups finds a protocol by its class's id, so the subclass needs one of its own. */
    private static final short PROTOCOL_ID = 1603;

    static {
        org.jgroups.conf.ClassConfigurator.addProtocol(PROTOCOL_ID, RaftTransport.class);
    }

    @Override
    public void stop() {
        if (srv != null && !srv.running()) {
            try {
                // the server's stop closes its socket only when it is running
                srv.start();
            } catch (Exception e) {
                log.debug("%s: starting the transport's server to close it: %s", local_addr, e);
            }
        }
        super.stop();
    }
}
