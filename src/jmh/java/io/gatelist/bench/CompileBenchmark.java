package io.gatelist.bench;

import io.gatelist.geo.GeoRange;
import io.gatelist.home.ApplianceHome;
import io.gatelist.input.ImportKind;
import io.gatelist.policy.EntryKind;
import io.gatelist.policy.ListName;
import io.gatelist.policy.PolicyEntry;
import io.gatelist.snapshot.SnapshotCompiler;
import io.gatelist.storage.Database;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.GeoStore;
import io.gatelist.storage.ImportStore;
import io.gatelist.storage.SourceVersions;
import io.gatelist.storage.StagedRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code gatelist compile} without the job wrapper: read every live entry from the H2 file database, analyse
 * overlaps, flatten, write, fsync, rename and re-open the snapshot. The setup stores the blocklist-like IPv4
 * lists of {@link BlocklistData} (10% approved, with error-level overlaps, so the compile runs with
 * {@code --accept-overlaps}), two country entries and a 150,000-range IP-to-country table, the way the import
 * jobs leave them: staged rows of an import made the live version of their source.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class CompileBenchmark {

    @Param({"1000000"})
    int entries;

    Path dir;
    Database database;
    Path out;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("gatelist-compile-");
        ApplianceHome home = ApplianceHome.open(dir.resolve("home"));
        database = Database.open(home);
        BlocklistData lists = new BlocklistData(4, entries, 42);
        Path file = Files.writeString(dir.resolve("bench.csv"), "list,kind,value,comment\n");
        long importId = new ImportStore(database).create(ImportKind.POLICY, "bench", "bench.csv", file,
                "0".repeat(64), 0);
        List<StagedRow> chunk = new ArrayList<>();
        for (int i = 0; i <= entries + 1; i++) {
            if (i < entries) {
                chunk.add(row(i + 1, new PolicyEntry(i % 10 == 0 ? ListName.APPROVED : ListName.BLOCKED,
                        EntryKind.IP, lists.prefix(i), null, "bench", i + 2, null)));
            } else {
                chunk.add(row(i + 1, new PolicyEntry(i == entries ? ListName.APPROVED : ListName.BLOCKED,
                        EntryKind.COUNTRY, null, i == entries ? "NZ" : "KP", "bench", i + 2, null)));
            }
            if (chunk.size() == 10_000 || i == entries + 1) {
                List<StagedRow> rows = List.copyOf(chunk);
                database.inTransaction(c -> {
                    EntryStore.write(c, importId, rows, false); // a fresh import: nothing to replace
                    return null;
                });
                chunk.clear();
            }
        }
        database.inTransaction(c -> SourceVersions.activate(c, importId, "bench"));

        long geoImport = new ImportStore(database).create(ImportKind.GEO, "geo", "geo.txt", file, "0".repeat(64), 0);
        List<GeoStore.StagedGeo> geo = new ArrayList<>();
        Random r = new Random(99);
        long[] cuts = r.longs(BlocklistData.GEO_RANGES, 0, 1L << 32).sorted().distinct().toArray();
        for (int i = 0; i + 1 < cuts.length; i++) {
            GeoRange range = new GeoRange(4, 0, cuts[i], 0, cuts[i + 1] - 1,
                    BlocklistData.QUERY_COUNTRIES[r.nextInt(BlocklistData.QUERY_COUNTRIES.length)]);
            geo.add(new GeoStore.StagedGeo(new StagedRow(i + 1, i + 2, null, List.of(), null, null, false), range));
        }
        database.inTransaction(c -> {
            GeoStore.write(c, geoImport, geo);
            return GeoStore.activate(c, geoImport, "geo");
        });
        out = dir.resolve("current.bin");
        System.out.printf(Locale.ROOT, "%n# stored %,d policy entries and %,d IP-to-country ranges%n", entries + 2,
                geo.size());
    }

    private static StagedRow row(int recordNo, PolicyEntry entry) {
        return new StagedRow(recordNo, entry.line(), entry, List.of(), null, null, false);
    }

    @Benchmark
    public SnapshotCompiler.Result compileFromTheDatabase() throws Exception {
        SnapshotCompiler.Result r = new SnapshotCompiler(new EntryStore(database), Clock.systemUTC()).compile(out,
                true);
        if (!r.published()) {
            throw new IllegalStateException("the compile was refused");
        }
        return r;
    }

    /** The first part of a compile alone: reading every live entry out of the database. */
    @Benchmark
    public long readLiveEntries() {
        long[] count = new long[1];
        new EntryStore(database).forEachLiveEntry(e -> count[0]++);
        return count[0];
    }

    @TearDown
    public void tearDown() throws Exception {
        database.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
