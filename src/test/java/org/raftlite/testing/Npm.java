package org.raftlite.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** npm packages for tests that use JavaScript tools nobody here wrote, installed under target/ once. */
public final class Npm {

    private Npm() {
    }

    /** A finished command: its exit code and its output (stdout and stderr together). */
    public record Result(int exitCode, String output) {
    }

    /** Installs the packages into {@code target/<name>} unless the first is there, and returns that folder. */
    public static Path install(String name, String... packages) throws Exception {
        Path dir = Path.of("target", name).toAbsolutePath();
        String first = packages[0].substring(0, packages[0].lastIndexOf('@') > 0 ? packages[0].lastIndexOf('@')
                : packages[0].length());
        if (Files.isDirectory(dir.resolve("node_modules").resolve(first))) {
            return dir;
        }
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--silent"));
        command.addAll(List.of(packages));
        Result r = run(dir, command, null, 300);
        if (r.exitCode() != 0) {
            throw new AssertionError("npm install " + String.join(" ", packages) + ": " + r.output());
        }
        return dir;
    }

    /** Runs a command in {@code dir} with the folder's node_modules on NODE_PATH, feeding it {@code stdin}. */
    public static Result run(Path dir, List<String> command, byte[] stdin, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", dir.resolve("node_modules").toString());
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
