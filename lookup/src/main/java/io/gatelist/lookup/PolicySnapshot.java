package io.gatelist.lookup;

import static io.gatelist.lookup.format.SnapshotFormat.ENTRY_MASK;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_COMBINED;
import static io.gatelist.lookup.format.SnapshotFormat.KIND_SHIFT;

import io.gatelist.lookup.format.SnapshotFormat;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A compiled Approved/Blocked list snapshot, ready to evaluate connecting addresses.
 *
 * <p>Standard mode evaluates, in order: Approved IP, Blocked IP, Approved country, Blocked country, then the
 * Global Approved List and the standard reputation feeds. Dynamic mode ignores the Blocked lists: Approved IP,
 * Approved country, then the Global Approved List and the dynamic reputation feeds. An IPv4-mapped IPv6
 * address ({@code ::ffff:192.0.2.1}) evaluates as the IPv4 address.
 *
 * <p>The {@code evaluate*} methods allocate nothing and return a verdict code that {@link VerdictCodes}
 * decodes; {@link #lookup(String, String, Mode)} parses text and returns an explained {@link Verdict}.
 * Instances are immutable and safe for any number of threads.
 *
 * <p>Opening reads the file once (through a memory mapping by default), verifies its checksum, checks every
 * offset, id and address in it and decodes the tables into arrays; from then on the snapshot never touches the
 * file again, so replacing or even overwriting the file cannot disturb or crash lookups in progress. Publish
 * new versions by renaming a complete file over the old name (as Gatelist does) so that an open never sees a
 * half-written file.
 */
public final class PolicySnapshot {

    // Static finals: the JIT folds them, so the hot path compares against constants.
    private static final int APPROVED = Step.APPROVED_IP.code();
    private static final int BLOCKED = Step.BLOCKED_IP.code();
    /** Bit k set: a range value of kind k takes part in the standard order (a dynamic feed's does not). */
    private static final int STANDARD_KINDS = kinds(Step.NONE, Step.APPROVED_IP, Step.BLOCKED_IP,
            Step.GLOBAL_APPROVED, Step.REPUTATION_STANDARD);
    /** Bit k set: a range value of kind k takes part in the dynamic order (the Blocked list's does not). */
    private static final int DYNAMIC_KINDS = kinds(Step.NONE, Step.APPROVED_IP, Step.GLOBAL_APPROVED,
            Step.REPUTATION_DYNAMIC);
    /** Bit k set: kind k decides before the country steps. */
    private static final int ADDRESS_KINDS = kinds(Step.APPROVED_IP, Step.BLOCKED_IP);
    /** Bits of a range value's kind (above {@link SnapshotFormat#KIND_SHIFT}). */
    private static final int KIND_BITS = Integer.SIZE - KIND_SHIFT;
    /** Bit k set: step k is decided by an address range, whose entry {@link #decideIpv4} leaves out. */
    static final int RANGE_STEPS = kinds(Step.APPROVED_IP, Step.BLOCKED_IP, Step.GLOBAL_APPROVED,
            Step.REPUTATION_STANDARD, Step.REPUTATION_DYNAMIC);

    /** How the file is read when it is opened; either way the snapshot holds no reference to it afterwards. */
    public enum FileMode {
        /** Map the file and decode from the mapping (the default): one copy, from the OS page cache. */
        MEMORY_MAPPED,
        /** Read the whole file into a heap buffer first, for file systems where mapping is unwanted. */
        MEMORY
    }

    private final Path path;
    private final SnapshotInfo info;
    private final RangeTable4 policy4;
    /**
     * The IPv4 policy table with neighbouring ranges of one kind joined, for {@link #decideIpv4}: values without
     * their entry. Entries nest and overlap, so a table that tells them apart cuts the space far more finely than
     * one that only tells the kinds apart (docs/snapshot-format.md counts both for the benchmark's lists): the
     * joined one is small enough to stay in the cache.
     */
    private final RangeTable4 decisions4;
    /** The kinds of {@link #decisions4} per /18 block, for blocks that one of its ranges holds whole. */
    private final KindIndex4 kindBlocks;
    private final RangeTable6 policy6;
    private final RangeTable4 geo4;
    private final RangeTable6 geo6;
    private final int[] covers;
    private final Explainer explainer;
    private final boolean hasCountryEntries;
    private final GlobalHelos globalHelos;
    /** The country steps' verdict code for country index cc at [cc + 1] ([0]: no country), 0 when they pass. */
    private final long[] countryStandard;
    private final long[] countryDynamic;
    /**
     * {@link #decideIpv4}'s verdict code for country index cc and range kind k at [(cc + 1) * 8 + k]: with the
     * entry left out, the verdict depends on nothing else, so one read replaces the steps' arithmetic; the eight
     * kinds of one country sit side by side (64 bytes).
     */
    private final long[] decidedStandard;
    private final long[] decidedDynamic;

    private PolicySnapshot(Path path, ParsedSnapshot parsed) {
        this.path = path;
        this.info = parsed.info();
        this.policy4 = parsed.policy4();
        this.policy6 = parsed.policy6();
        this.geo4 = parsed.geo4();
        this.geo6 = parsed.geo6();
        this.covers = parsed.covers();
        this.decisions4 = parsed.decisions4();
        this.kindBlocks = KindIndex4.of(decisions4, covers);
        this.explainer = new Explainer(parsed);
        boolean any = false;
        for (int id : parsed.countries()) {
            any |= id != 0;
        }
        this.hasCountryEntries = any;
        this.globalHelos = parsed.globalHelos();
        this.countryStandard = new long[CountryCodes.SIZE + 1];
        this.countryDynamic = new long[CountryCodes.SIZE + 1];
        for (int cc = 0; cc < CountryCodes.SIZE; cc++) {
            countryStandard[cc + 1] = countryStep(parsed.countries(), cc, Mode.STANDARD);
            countryDynamic[cc + 1] = countryStep(parsed.countries(), cc, Mode.DYNAMIC);
        }
        this.decidedStandard = decidedTable(Mode.STANDARD);
        this.decidedDynamic = decidedTable(Mode.DYNAMIC);
    }

    /** The table behind {@link #decidedStandard} for one mode (needs the country steps' verdicts). */
    private long[] decidedTable(Mode mode) {
        long[] table = new long[(CountryCodes.SIZE + 1) << KIND_BITS];
        for (int cc = CountryCodes.UNKNOWN; cc < CountryCodes.SIZE; cc++) {
            for (int kind = 0; kind < 1 << KIND_BITS; kind++) {
                // A combined value never reaches the table (decideIpv4 resolves it first); its slot stays 0.
                if (kind != KIND_COMBINED) {
                    table[((cc + 1) << KIND_BITS) | kind] = withoutRangeEntry(verdict(kind << KIND_SHIFT, cc, mode));
                }
            }
        }
        return table;
    }

    private static int kinds(Step... steps) {
        int bits = 0;
        for (Step step : steps) {
            bits |= 1 << step.code();
        }
        return bits;
    }

    /** Opens a snapshot file by memory-mapping it; see {@link #open(Path, FileMode)}. */
    public static PolicySnapshot open(Path file) throws IOException {
        return open(file, FileMode.MEMORY_MAPPED);
    }

    /**
     * Opens and validates a snapshot file.
     *
     * <p>Only a regular file is opened (or a link to one): a directory, FIFO, socket or device is refused without
     * being opened, so that a FIFO at the path can never block the caller.
     *
     * @throws InvalidSnapshotException when the file is truncated, corrupt, of another format version or
     *                                  structurally invalid; the message says what is wrong
     * @throws java.nio.file.NoSuchFileException when there is no file
     * @throws java.nio.file.FileSystemException when it is not a regular file; the reason says what it is
     * @throws IOException              when the file cannot be read
     */
    public static PolicySnapshot open(Path file, FileMode mode) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mode, "mode");
        try (FileChannel channel = RegularFile.open(file)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new InvalidSnapshotException("invalid snapshot: " + size + " bytes is larger than 2 GiB");
            }
            if (mode == FileMode.MEMORY) {
                return new PolicySnapshot(file, SnapshotParser.parse(ByteBuffer.wrap(read(channel, (int) size))));
            }
            ByteBuffer image = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            try {
                return new PolicySnapshot(file, SnapshotParser.parse(image));
            } catch (InternalError e) {
                // A mapped page vanished under the reader (the file was truncated in place while it was being
                // opened): the JVM reports the fault as an InternalError; it is a refusal like any other.
                throw new InvalidSnapshotException("invalid snapshot: the file changed while it was being read ("
                        + e.getMessage() + ")");
            }
        }
    }

    /**
     * The bytes of a snapshot file, read whole and not validated (give them to {@link #fromBytes}), for callers that
     * keep or forward the image itself. Only a regular file is read, as by {@link #open(Path, FileMode)}.
     */
    public static byte[] readImage(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel channel = RegularFile.open(file)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new InvalidSnapshotException("invalid snapshot: " + size + " bytes is larger than 2 GiB");
            }
            return read(channel, (int) size);
        }
    }

    /** Up to {@code size} bytes from the start of {@code channel}: fewer when the file was cut meanwhile. */
    private static byte[] read(FileChannel channel, int size) throws IOException {
        ByteBuffer image = ByteBuffer.allocate(size);
        while (image.hasRemaining() && channel.read(image) >= 0) {
            // keep reading
        }
        return image.position() == size ? image.array() : java.util.Arrays.copyOf(image.array(), image.position());
    }

    /** Validates and wraps an in-memory snapshot image. */
    public static PolicySnapshot fromBytes(byte[] image) throws InvalidSnapshotException {
        return new PolicySnapshot(null, SnapshotParser.parse(ByteBuffer.wrap(image)));
    }

    /** The file this snapshot was opened from, or {@code null} for an in-memory image. */
    public Path path() {
        return path;
    }

    /** Header fields and counters. */
    public SnapshotInfo info() {
        return info;
    }

    /**
     * Evaluates an IPv4 address without allocating.
     *
     * @param address the address as a 32-bit value ({@code 192.0.2.1} is {@code 0xC0000201})
     * @param country the connecting server's country index ({@link CountryCodes#index(CharSequence)}), or
     *                {@link CountryCodes#UNKNOWN} to let the snapshot's IP-to-country table decide
     * @return a verdict code; see {@link VerdictCodes}
     */
    public long evaluateIpv4(int address, int country, Mode mode) {
        return evaluate4(policy4.value(address), address, country, mode);
    }

    /** {@link #evaluateIpv4} once the address's range value is known (from either IPv4 policy table). */
    private long evaluate4(int value, int address, int country, Mode mode) {
        checkCountry(country);
        int cc = country;
        if (cc == CountryCodes.UNKNOWN && hasCountryEntries) {
            // The IP-to-country search costs as much as the policy search: made only when the address steps
            // leave the decision to the country steps.
            long byAddress = decidedByAddress(value, mode);
            if (byAddress != 0) {
                return byAddress;
            }
            cc = geo4.value(address) - 1;
        }
        return verdict(value, cc, mode);
    }

    /**
     * Decides for an IPv4 address as {@link #evaluateIpv4} does, without naming the address entry that decides:
     * when an address range decides, the verdict code's entry is 0 ({@link #explainIpv4} finds it when asked); a
     * country step still names its entry. The fastest evaluation, for a caller that acts on the decision alone:
     * most addresses are decided by one byte of a /18 block index and one read of a verdict table, the others by a
     * search of a table in which neighbouring ranges that decide alike are one.
     *
     * @see #evaluateIpv4(int, int, Mode)
     */
    public long decideIpv4(int address, int country, Mode mode) {
        checkCountry(country);
        boolean standard = mode == Mode.STANDARD;
        int kinds = kindBlocks.kinds(address);
        int kind = kinds != KindIndex4.MIXED ? KindIndex4.kind(kinds, standard) // most blocks: predicted
                : kindOf(decisions4.value(address), standard);
        int cc = needsGeoCountry(kind, country, standard) ? geo4.value(address) - 1 : country;
        return decided(kind, cc, standard);
    }

    /**
     * Decides for an IPv6 address without naming the address entry, as {@link #decideIpv4}: {@link #evaluateIpv6}'s
     * search (IPv6 block tables have no gap ranges to join, and a block index would find most blocks mixed), then
     * the same verdict table. IPv4-mapped addresses decide as IPv4.
     */
    public long decideIpv6(long high, long low, int country, Mode mode) {
        if (IpLiterals.isIpv4Mapped(high, low)) {
            return decideIpv4((int) low, country, mode);
        }
        checkCountry(country);
        boolean standard = mode == Mode.STANDARD;
        int kind = kindOf(policy6.value(high, low), standard);
        int cc = needsGeoCountry(kind, country, standard) ? geo6.value(high, low) - 1 : country;
        return decided(kind, cc, standard);
    }

    /** A mode's kind of a range value: a value whose modes differ is resolved through the covers table. */
    private int kindOf(int value, boolean standard) {
        int kind = value >>> KIND_SHIFT;
        if (kind == KIND_COMBINED) { // rare, so well predicted
            kind = covers[2 * (value & ENTRY_MASK) + (standard ? 0 : 1)] >>> KIND_SHIFT;
        }
        return kind;
    }

    /**
     * True when the caller gave no country and the country steps may decide (no address step did): then the
     * snapshot's IP-to-country table must say where the address is.
     */
    private boolean needsGeoCountry(int kind, int country, boolean standard) {
        return country == CountryCodes.UNKNOWN && hasCountryEntries
                && !(kind == APPROVED || kind == BLOCKED && standard);
    }

    /** {@code decide*}'s verdict code for a mode's kind and a country index. */
    private long decided(int kind, int cc, boolean standard) {
        return (standard ? decidedStandard : decidedDynamic)[((cc + 1) << KIND_BITS) | kind];
    }

    /**
     * The code without its entry when an address range decided (a range whose modes differ still names one in
     * the joined table); a country step keeps its entry.
     */
    private static long withoutRangeEntry(long code) {
        return code & ((RANGE_STEPS >>> ((int) code & 0xFF) & 1) != 0 ? 0xFFFFFFFFL : -1L);
    }

    /**
     * Evaluates an IPv6 address without allocating; IPv4-mapped addresses evaluate as IPv4.
     *
     * @param high the high 64 bits of the address
     * @param low  the low 64 bits
     * @see #evaluateIpv4(int, int, Mode)
     */
    public long evaluateIpv6(long high, long low, int country, Mode mode) {
        if (IpLiterals.isIpv4Mapped(high, low)) {
            return evaluateIpv4((int) low, country, mode);
        }
        checkCountry(country);
        int value = policy6.value(high, low);
        int cc = country;
        if (cc == CountryCodes.UNKNOWN && hasCountryEntries) {
            long byAddress = decidedByAddress(value, mode);
            if (byAddress != 0) {
                return byAddress;
            }
            cc = geo6.value(high, low) - 1;
        }
        return verdict(value, cc, mode);
    }

    /** The verdict when an approved entry (either mode) or a blocked one (standard mode) holds the range, or 0. */
    private static long decidedByAddress(int value, Mode mode) {
        int kind = value >>> KIND_SHIFT;
        if (kind == APPROVED || kind == BLOCKED && mode == Mode.STANDARD) {
            return ((long) (value & ENTRY_MASK) << 32) | kind;
        }
        return 0;
    }

    /**
     * The verdict for a range value and a country: the address steps, the country steps, then the global list and
     * the feeds. Every candidate verdict is computed and one is selected with masks rather than branches: which
     * step decides is as random as the connecting addresses, a branch on it would mispredict on most lookups, and
     * a misprediction also throws away the loads already under way for the next lookups (see RangeTable4).
     */
    private long verdict(int value, int cc, Mode mode) {
        boolean standard = mode == Mode.STANDARD;
        if (value >>> KIND_SHIFT == KIND_COMBINED) { // rare, so well predicted: a range whose modes differ
            value = covers[2 * (value & ENTRY_MASK) + (standard ? 0 : 1)];
        }
        // The value, or 0 when its step is not part of this mode's order.
        int kept = value & -((standard ? STANDARD_KINDS : DYNAMIC_KINDS) >>> (value >>> KIND_SHIFT) & 1);
        int kind = kept >>> KIND_SHIFT;
        long byAddress = ((long) (kept & ENTRY_MASK) << 32) | kind;
        long byCountry = (standard ? countryStandard : countryDynamic)[cc + 1];
        long afterCountry = byAddress | (long) (cc + 1) << 8; // global list, feeds or none, with the country
        long addressDecides = -(long) (ADDRESS_KINDS >>> kind & 1);
        long countryDecides = (byCountry | -byCountry) >> 63; // all ones iff byCountry != 0
        long afterAddress = byCountry & countryDecides | afterCountry & ~countryDecides;
        return byAddress & addressDecides | afterAddress & ~addressDecides;
    }

    private static void checkCountry(int cc) {
        if (cc < CountryCodes.UNKNOWN || cc >= CountryCodes.SIZE) {
            throw new IllegalArgumentException("not a country index: " + cc);
        }
    }

    /**
     * The country steps' verdict for a country, 0 when they pass it on ({@code countries}: per country index, the
     * approved and the blocked entry id, 0 for none). Computed once per country when the snapshot opens.
     */
    private static long countryStep(int[] countries, int cc, Mode mode) {
        int approved = countries[2 * cc];
        if (approved != 0) {
            return VerdictCodes.of(Step.APPROVED_COUNTRY.code(), approved, cc);
        }
        int blocked = countries[2 * cc + 1];
        if (blocked != 0 && mode == Mode.STANDARD) {
            return VerdictCodes.of(Step.BLOCKED_COUNTRY.code(), blocked, cc);
        }
        return 0;
    }

    /**
     * Parses and evaluates an address given as text, and explains the verdict.
     *
     * @param address an IPv4 dotted quad or an IPv6 literal (never a host name: nothing is resolved)
     * @param country the connecting server's ISO 3166-1 alpha-2 code, or {@code null} to let the snapshot's
     *                IP-to-country table decide
     * @throws IllegalArgumentException when the address or the country code is not valid
     */
    public Verdict lookup(String address, String country, Mode mode) {
        int cc = countryIndex(country);
        long v4 = IpLiterals.parseIpv4(address);
        if (v4 != IpLiterals.INVALID) {
            return explainIpv4(evaluateIpv4((int) v4, cc, mode), (int) v4);
        }
        long[] v6 = new long[2];
        if (IpLiterals.parseIpv6(address, v6)) {
            return explainIpv6(evaluateIpv6(v6[0], v6[1], cc, mode), v6[0], v6[1]);
        }
        throw new IllegalArgumentException("not an IP address literal: \"" + address + "\"");
    }

    /**
     * What the Global Approved List says about a HELO/EHLO name from a connecting address.
     *
     * @param nomination the nomination that approved the name, or 0 when the name is not approved
     * @param fromItsIp  true when the address is one of that nomination's IPs: only then does the name approve
     */
    public record HeloMatch(long nomination, boolean fromItsIp) {
        /** True when the name approves this connection. */
        public boolean approves() {
            return nomination != 0 && fromItsIp;
        }
    }

    /**
     * Matches the HELO/EHLO name a client gave against the approved strings of the Global Approved List.
     *
     * @param helo    the name as the client sent it (compared case-insensitively, a trailing dot ignored)
     * @param address the connecting address, an IP literal
     * @throws IllegalArgumentException when the address is not an IP literal
     */
    public HeloMatch matchHelo(String helo, String address) {
        long v4 = IpLiterals.parseIpv4(address);
        long m;
        if (v4 != IpLiterals.INVALID) {
            m = globalHelos.match(helo, 4, 0, v4 & 0xFFFFFFFFL);
        } else {
            long[] v6 = new long[2];
            if (!IpLiterals.parseIpv6(address, v6)) {
                throw new IllegalArgumentException("not an IP address literal: \"" + address + "\"");
            }
            m = IpLiterals.isIpv4Mapped(v6[0], v6[1]) ? globalHelos.match(helo, 4, 0, v6[1] & 0xFFFFFFFFL)
                    : globalHelos.match(helo, 6, v6[0], v6[1]);
        }
        return new HeloMatch(Math.abs(m), m > 0);
    }

    /**
     * Evaluates an address with the HELO/EHLO name the client gave. The customer's four steps decide first, as in
     * {@link #lookup(String, String, Mode)}; then the Global Approved List approves the address by its IP, or by
     * an approved HELO name when the address is one of that name's nomination's IPs; then the feeds.
     *
     * @param helo the HELO/EHLO name, or {@code null} to evaluate without one
     */
    public Verdict lookup(String address, String country, Mode mode, String helo) {
        Verdict verdict = lookup(address, country, mode);
        if (helo == null || helo.isBlank()) {
            return verdict;
        }
        switch (verdict.step()) {
            case APPROVED_IP, BLOCKED_IP, APPROVED_COUNTRY, BLOCKED_COUNTRY, GLOBAL_APPROVED -> {
                return verdict;
            }
            default -> {
                HeloMatch match = matchHelo(helo, address);
                if (!match.approves()) {
                    return verdict;
                }
                return new Verdict(Decision.APPROVED, Step.GLOBAL_APPROVED, new MatchedEntry("global-approved",
                        "HELO " + helo.strip(), "nomination " + match.nomination(), 0), verdict.country());
            }
        }
    }

    /** Evaluates an {@link InetAddress} (which must already hold an address: nothing is resolved here). */
    public Verdict lookup(InetAddress address, String country, Mode mode) {
        int cc = countryIndex(country);
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int v4 = ByteBuffer.wrap(b).getInt();
            return explainIpv4(evaluateIpv4(v4, cc, mode), v4);
        }
        if (address instanceof Inet6Address) {
            ByteBuffer buffer = ByteBuffer.wrap(b);
            long high = buffer.getLong();
            long low = buffer.getLong();
            return explainIpv6(evaluateIpv6(high, low, cc, mode), high, low);
        }
        throw new IllegalArgumentException("unsupported address type: " + address);
    }

    private static int countryIndex(String country) {
        if (country == null || country.isEmpty()) {
            return CountryCodes.UNKNOWN;
        }
        int cc = CountryCodes.index(country);
        if (cc == CountryCodes.UNKNOWN) {
            throw new IllegalArgumentException("not a two-letter country code: \"" + country + "\"");
        }
        return cc;
    }

    /** Explains a verdict code returned by {@link #evaluateIpv4} or {@link #decideIpv4} for {@code address}. */
    public Verdict explainIpv4(long code, int address) {
        return explainer.explainIpv4(code, address);
    }

    /** Explains a verdict code returned by {@link #evaluateIpv6} or {@link #decideIpv6} for {@code high:low}. */
    public Verdict explainIpv6(long code, long high, long low) {
        return explainer.explainIpv6(code, high, low);
    }

    /** The country the snapshot's IP-to-country table gives for an IPv4 address, or {@code null}. */
    public String countryOfIpv4(int address) {
        int value = geo4.value(address);
        return value == 0 ? null : CountryCodes.code(value - 1);
    }

    /** The country the snapshot's IP-to-country table gives for an IPv6 address, or {@code null}. */
    public String countryOfIpv6(long high, long low) {
        if (IpLiterals.isIpv4Mapped(high, low)) {
            return countryOfIpv4((int) low);
        }
        int value = geo6.value(high, low);
        return value == 0 ? null : CountryCodes.code(value - 1);
    }

    @Override
    public String toString() {
        return "PolicySnapshot[" + (path == null ? "in memory" : path) + ", revision " + info.revision() + ", "
                + info.entries() + " entries]";
    }

    // ---- Read-only range walk, for exports that must agree with the lookup (io.gatelist.export) ----

    /** Receives the bounds of one range; an IPv4 range has high halves 0 and its addresses in the low 32 bits. */
    @FunctionalInterface
    public interface RangeVisitor {
        /** One inclusive range, {@code start..end}, as unsigned 128-bit values. */
        void range(long startHigh, long startLow, long endHigh, long endLow);
    }

    /**
     * Visits every range of the policy table and of the IP-to-country table of one address family, policy
     * ranges first, each table in ascending order. A verdict depends only on which policy range and which
     * country range hold the address, so between consecutive range bounds every address gets the same verdict:
     * an exporter can cut the address space at these bounds and evaluate each piece once.
     *
     * @param family 4 or 6
     */
    public void forEachRange(int family, RangeVisitor visitor) {
        if (family == 4) {
            for (RangeTable4 table : new RangeTable4[] {policy4, geo4}) {
                for (int i = 0; i < table.size(); i++) {
                    visitor.range(0, Integer.toUnsignedLong(table.start(i)), 0, Integer.toUnsignedLong(table.end(i)));
                }
            }
        } else if (family == 6) {
            policy6.forEachRange(visitor);
            geo6.forEachRange(visitor);
        } else {
            throw new IllegalArgumentException("family must be 4 or 6: " + family);
        }
    }
}
