package org.raftlite.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a request's Authorization header and path come to before the credentials decide. */
class AccessControlTest {

    @Test
    void basicCredentialsAreSplitAtTheFirstColonAndAnythingElseIsAnonymous() {
        String encoded = Base64.getEncoder().encodeToString("bob:se:cret".getBytes());
        assertEquals(new AccessControl.Caller("bob", "se:cret"), AccessControl.Caller.of("Basic " + encoded));
        assertEquals(new AccessControl.Caller("bob", "se:cret"), AccessControl.Caller.of("basic " + encoded));
        AccessControl.Caller anonymous = new AccessControl.Caller(null, null);
        assertEquals(anonymous, AccessControl.Caller.of(null));
        assertEquals(anonymous, AccessControl.Caller.of("Bearer " + encoded));
        assertEquals(anonymous, AccessControl.Caller.of("Basic !!!"));
        String noColon = Base64.getEncoder().encodeToString("bob".getBytes());
        assertEquals(anonymous, AccessControl.Caller.of("Basic " + noColon));
    }

    @Test
    void eachPathNeedsRqlitesPermissionsForIt() {
        assertEquals(List.of("query", "execute"), AccessControl.needed("/db/request"));
        assertEquals(List.of("status"), AccessControl.needed("/nodes"));
        assertEquals(List.of("join"), AccessControl.needed("/raftlite/snapshot"));
        assertEquals(List.of(), AccessControl.needed("/"));
    }
}
