package io.gatelist;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real programs that interop tests talk to (dig, rbldnsd, postmap, nft). On a developer machine
 * without one, the test is skipped and says what to install; with {@code GATELIST_REQUIRE_INTEROP=1} (set by
 * {@code .ci/run}) a missing program fails the test instead, so that CI can never pass by skipping.
 */
public final class Interop {

    /** The environment variable that turns a missing program into a failure. */
    public static final String REQUIRE = "GATELIST_REQUIRE_INTEROP";

    private Interop() {
    }

    /**
     * The path of {@code program} on PATH or in the sbin folders.
     *
     * @param debianPackage the package that provides it, for the message
     */
    public static Path require(String program, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/local/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String message = program + " is not installed (Debian package " + debianPackage + "): apt-get install -y "
                + debianPackage;
        if (required()) {
            fail(message + ", and " + REQUIRE + " is set, so this interop test must run");
        }
        Assumptions.abort(message + "; interop test skipped (set " + REQUIRE + "=1 to make this a failure)");
        throw new AssertionError("unreachable");
    }

    private static boolean required() {
        String value = System.getenv(REQUIRE);
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }
}
