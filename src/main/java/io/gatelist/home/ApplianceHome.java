package io.gatelist.home;

import io.gatelist.finding.Severity;
import io.gatelist.policy.ListName;
import io.gatelist.validation.ValidationProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * An appliance home: one directory that holds the database, the imported files, the reports, the published
 * snapshots and the configuration file {@code gatelist.properties}. Everything Gatelist writes stays inside it.
 */
public final class ApplianceHome {

    /** The configuration file's name inside the home. */
    public static final String CONFIG_FILE = "gatelist.properties";

    private final Path root;
    private final Properties config;

    private ApplianceHome(Path root, Properties config) {
        this.root = root;
        this.config = config;
    }

    /** Opens (creating if needed) the home at {@code root}, writing a commented default configuration. */
    public static ApplianceHome open(Path root) throws IOException {
        return open(root, null);
    }

    /**
     * Opens the home with {@code databaseUrl}, when not null, in place of the configuration's {@code db.url}
     * (the {@code --db} option), creating it when missing.
     *
     * @throws IOException when {@code root} is a file, or the home cannot be written
     */
    public static ApplianceHome open(Path root, String databaseUrl) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        requireDirectoryOrNothing(absolute);
        Files.createDirectories(absolute);
        Path configFile = absolute.resolve(CONFIG_FILE);
        if (!Files.exists(configFile)) {
            try (InputStream defaults = ApplianceHome.class.getResourceAsStream("default-gatelist.properties")) {
                Files.copy(defaults, configFile);
            }
        }
        ApplianceHome home = new ApplianceHome(absolute, load(configFile, databaseUrl));
        for (Path dir : new Path[] {home.databaseDir(), home.importsDir(), home.reportsDir(), home.snapshotsDir(),
            home.inboxDir(), home.processingDir(), home.archiveDir(), home.rejectedDir()}) {
            Files.createDirectories(dir);
        }
        if (!Files.isWritable(absolute)) {
            throw new IOException("the home " + absolute + " is read-only: Gatelist writes its database, imports "
                    + "and reports there");
        }
        return home;
    }

    /**
     * Opens a home that exists, creating nothing: for the commands that only read or change what a home holds,
     * to which a missing home (a mistyped {@code --home}, say) is an error rather than a new, empty home.
     *
     * @throws IOException when there is no home at {@code root}
     */
    public static ApplianceHome openExisting(Path root, String databaseUrl) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        requireDirectoryOrNothing(absolute);
        Path configFile = absolute.resolve(CONFIG_FILE);
        if (!Files.isDirectory(absolute)) {
            throw new IOException("no appliance home at " + absolute + " (gatelist import, nominate or watch creates "
                    + "one; --home or $GATELIST_HOME chooses it)");
        }
        if (!Files.exists(configFile) && !Files.isDirectory(absolute.resolve("db"))) {
            throw new IOException(absolute + " is not an appliance home: it holds no " + CONFIG_FILE + " and no db/ "
                    + "(gatelist import, nominate or watch creates one)");
        }
        return new ApplianceHome(absolute, Files.exists(configFile) ? load(configFile, databaseUrl)
                : load(null, databaseUrl));
    }

    private static void requireDirectoryOrNothing(Path root) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException("the home " + root + " is a file, not a directory");
        }
    }

    private static Properties load(Path configFile, String databaseUrl) throws IOException {
        Properties config = new Properties();
        if (configFile != null) {
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                config.load(reader);
            }
        }
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            config.setProperty("db.url", databaseUrl.strip());
        }
        return config;
    }

    public Path root() {
        return root;
    }

    public Path databaseDir() {
        return root.resolve("db");
    }

    /** Where each import keeps its immutable copy of the file it reads: {@code imports/<import-id>/}. */
    public Path importsDir() {
        return root.resolve("imports");
    }

    /** Where operators (or the pull schedule) drop files to import. */
    public Path inboxDir() {
        return root.resolve("inbox");
    }

    /** Files claimed from the inbox while they are imported: {@code processing/<import-id>/}. */
    public Path processingDir() {
        return root.resolve("processing");
    }

    /** Imported originals with their reports: {@code archive/YYYY-MM-DD/}. */
    public Path archiveDir() {
        return root.resolve("archive");
    }

    /** Originals that were held, refused or failed, with their reports. */
    public Path rejectedDir() {
        return root.resolve("rejected");
    }

    public Path reportsDir() {
        return root.resolve("reports");
    }

    public Path snapshotsDir() {
        return root.resolve("snapshots");
    }

    /** The published snapshot: {@code snapshots/current.bin}. */
    public Path currentSnapshot() {
        return snapshotsDir().resolve("current.bin");
    }

    /** The JDBC URL of the store and job repository: {@code db.url}, or an embedded H2 file in {@code db/}. */
    public String jdbcUrl() {
        String url = config.getProperty("db.url", "").strip();
        if (!url.isEmpty()) {
            return url;
        }
        // DB_CLOSE_DELAY keeps the database open between JBeret's per-checkpoint connections;
        // AUTO_SERVER lets a second process (a CLI next to a running daemon) share the file.
        return "jdbc:h2:file:" + databaseDir().resolve("gatelist") + ";DB_CLOSE_DELAY=-1;AUTO_SERVER=TRUE";
    }

    public String dbUser() {
        return config.getProperty("db.user", "sa");
    }

    public String dbPassword() {
        return config.getProperty("db.password", "");
    }

    /** What a list tolerates, from {@code validation.<list>.min-prefix.ipv4|ipv6}. */
    public ValidationProfile profile(ListName list) {
        ValidationProfile base = list == ListName.APPROVED ? ValidationProfile.APPROVED : ValidationProfile.BLOCKED;
        String prefix = "validation." + list.id() + ".min-prefix.";
        return new ValidationProfile(intValue(prefix + "ipv4", base.minPrefixIpv4()),
                intValue(prefix + "ipv6", base.minPrefixIpv6()), Severity.WARNING);
    }

    /** An integer setting, or {@code fallback} when absent. */
    public int intValue(String key, int fallback) {
        String value = config.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CONFIG_FILE + ": " + key + " must be a whole number, not \"" + value
                    + "\"");
        }
    }

    /** A long setting, or {@code fallback} when absent. */
    public long longValue(String key, long fallback) {
        String value = config.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CONFIG_FILE + ": " + key + " must be a whole number, not \"" + value
                    + "\"");
        }
    }

    /** A boolean setting ({@code true} or {@code false}), or {@code fallback} when absent. */
    public boolean booleanValue(String key, boolean fallback) {
        String value = config.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(CONFIG_FILE + ": " + key + " must be true or false, not \""
                    + value + "\"");
        };
    }

    /** A string setting, or {@code fallback} when absent. */
    public String value(String key, String fallback) {
        String value = config.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
