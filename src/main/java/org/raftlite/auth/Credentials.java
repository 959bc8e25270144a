package org.raftlite.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * rqlited's authentication and authorization file ({@code -auth}, API.md §9): a JSON array of
 * {@code {"username", "password", "perms"}} with plaintext passwords; the user {@code *} stands for every caller,
 * anonymous ones included, and {@code all} for every permission. Without a file every request is allowed.
 */
@ApplicationScoped
public class Credentials {

    private static final String ALL_USERS = "*";
    private static final String ALL = "all";

    private record User(byte[] password, Set<String> perms) {
    }

    private final Map<String, User> users;
    private final boolean enabled;

    @Inject
    public Credentials(@ConfigProperty(name = "raftlite.auth") Optional<String> file) {
        this(file.filter(f -> !f.isBlank()).map(f -> parse(read(f))).orElse(null));
    }

    /** @param users null when no file is given */
    private Credentials(Map<String, User> users) {
        this.enabled = users != null;
        this.users = enabled ? users : Map.of();
    }

    /** The credentials of a file's text, for tests. */
    public static Credentials of(String json) {
        return new Credentials(parse(json));
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Whether a caller with these credentials (null for none) holds {@code perm}, as rqlited's {@code AA} decides:
     * allowed outright when everyone holds it, else only to a user whose password matches.
     */
    public boolean allows(String username, String password, String perm) {
        if (!enabled || holds(ALL_USERS, perm)) {
            return true;
        }
        User user = username == null ? null : users.get(username);
        return user != null && password != null
                && MessageDigest.isEqual(user.password(), password.getBytes(StandardCharsets.UTF_8))
                && holds(username, perm);
    }

    /** The Basic Authorization header value of a user in the file, for the requests this node makes itself. */
    public Optional<String> authorization(Optional<String> username) {
        return username.filter(users::containsKey).map(name -> "Basic " + Base64.getEncoder().encodeToString(
                (name + ":" + new String(users.get(name).password(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private boolean holds(String username, String perm) {
        return has(users.get(username), perm) || has(users.get(ALL_USERS), perm);
    }

    private static boolean has(User user, String perm) {
        return user != null && (user.perms().contains(perm) || user.perms().contains(ALL));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the auth file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, User> parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the auth file is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("the auth file must hold a JSON array of users");
        }
        Map<String, User> users = new HashMap<>();
        for (JsonNode entry : root) {
            String name = entry.path("username").asText("");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a user in the auth file has no username: " + entry);
            }
            Set<String> perms = new HashSet<>();
            entry.path("perms").forEach(p -> perms.add(p.asText()));
            users.put(name, new User(entry.path("password").asText("").getBytes(StandardCharsets.UTF_8), perms));
        }
        return users;
    }
}
