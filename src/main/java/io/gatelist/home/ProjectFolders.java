package io.gatelist.home;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's own folders ({@code jobs/}, {@code samples/}) whether Gatelist runs from
 * {@code target/gatelist.jar}, from {@code target/classes} or from elsewhere with a configured location.
 */
public final class ProjectFolders {

    private ProjectFolders() {
    }

    /**
     * The folder {@code name}: the system property {@code property}, else the environment variable {@code env},
     * else {@code name/} beside the {@code target/} folder the code was loaded from, else {@code ./name}.
     */
    public static Path locate(String name, String property, String env) {
        String configured = System.getProperty(property, System.getenv(env));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        try {
            Path code = Path.of(ProjectFolders.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/gatelist.jar or target/classes: the project root is two levels up from the code.
            Path target = code.getParent();
            Path root = target == null ? null : target.getParent();
            if (root != null && Files.isDirectory(root.resolve(name))) {
                return root.resolve(name);
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // not loaded from a file: fall through
        }
        return Path.of(name).toAbsolutePath();
    }
}
