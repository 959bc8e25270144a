package org.raftlite.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** rqlited's rules for its auth file: everyone's permissions first, then a user's own after their password. */
class CredentialsTest {

    private static final Credentials FILE = Credentials.of("""
            [{"username": "bob", "password": "secret1", "perms": ["all"]},
             {"username": "mary", "password": "secret2", "perms": ["query", "backup"]},
             {"username": "*", "perms": ["status", "ready"]}]""");

    @Test
    void aUserHoldsTheirOwnPermissionsOnlyWithTheirPassword() {
        assertTrue(FILE.allows("mary", "secret2", "query"));
        assertFalse(FILE.allows("mary", "secret2", "execute"));
        assertFalse(FILE.allows("mary", "secret1", "query"));
        assertFalse(FILE.allows("mary", null, "query"));
        assertFalse(FILE.allows(null, null, "query"));
        assertFalse(FILE.allows("nobody", "", "query"));
    }

    @Test
    void allGrantsEveryPermissionAndEveryoneIncludesTheAnonymous() {
        assertTrue(FILE.allows("bob", "secret1", "execute"));
        assertTrue(FILE.allows("bob", "secret1", "leader-ops"));
        assertTrue(FILE.allows(null, null, "status"));
        assertTrue(FILE.allows("mary", "wrong", "ready"));
        assertFalse(FILE.allows(null, null, "backup"));
    }

    @Test
    void withoutAFileEverythingIsAllowed() {
        Credentials none = new Credentials(Optional.empty());
        assertFalse(none.enabled());
        assertTrue(none.allows(null, null, "execute"));
    }

    @Test
    void theNodeJoinsWithItsUsersBasicCredentials() {
        assertEquals(Optional.of("Basic Ym9iOnNlY3JldDE="), FILE.authorization(Optional.of("bob")));
        assertEquals(Optional.empty(), FILE.authorization(Optional.of("nobody")));
        assertEquals(Optional.empty(), FILE.authorization(Optional.empty()));
    }

    @Test
    void aFileThatIsNotAListOfUsersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Credentials.of("{\"username\": \"bob\"}"));
        assertThrows(IllegalArgumentException.class, () -> Credentials.of("[{\"password\": \"x\"}]"));
        assertThrows(IllegalArgumentException.class, () -> Credentials.of("[{"));
    }
}
