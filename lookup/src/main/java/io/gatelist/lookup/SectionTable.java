package io.gatelist.lookup;

import static io.gatelist.lookup.Refusals.invalid;
import static io.gatelist.lookup.format.SnapshotFormat.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A snapshot image's header and section table, and the bytes of its sections. What can be refused before the
 * checksum is known (too small, another kind of file, another version, another size) is refused on
 * {@link #read}; everything else waits for {@link #checkAfterChecksum}, so that a damaged file is reported as
 * damaged, not by the first structural check its damage happens to break.
 */
final class SectionTable {

    /** A section as the section table describes it. */
    record Section(int id, long count, int offset, int length) {
    }

    /** The image, little-endian. */
    final ByteBuffer file;
    final int version;
    /** The entry count the header declares, not yet checked (see {@link #checkAfterChecksum}). */
    final int entryCount;
    private final Map<Integer, Section> sections = new HashMap<>();
    /** The section table's refusal, kept for after the checksum; null when the table is sound. */
    private InvalidSnapshotException badTable;

    private SectionTable(ByteBuffer file, int version) {
        this.file = file;
        this.version = version;
        this.entryCount = file.getInt(OFF_ENTRY_COUNT);
    }

    /**
     * Reads the header and the section table.
     *
     * @throws InvalidSnapshotException when the image is smaller than the header, not a snapshot, of another
     *                                  format version or not of the size its header declares
     */
    static SectionTable read(ByteBuffer image) throws InvalidSnapshotException {
        ByteBuffer file = image.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long actualSize = file.limit();
        if (actualSize < HEADER_SIZE) {
            throw invalid("truncated: %d bytes, smaller than the %d-byte header", actualSize, HEADER_SIZE);
        }
        if (file.getLong(OFF_MAGIC) != MAGIC) {
            throw invalid("not a Gatelist snapshot (bad magic)");
        }
        int version = Short.toUnsignedInt(file.getShort(OFF_VERSION));
        if (version != VERSION) {
            throw invalid("format version %d, this reader supports version %d", version, VERSION);
        }
        long declaredSize = file.getLong(OFF_FILE_SIZE);
        if (declaredSize != actualSize) {
            throw invalid("size mismatch: the header says %d bytes, the file has %d (truncated or appended to)",
                    declaredSize, actualSize);
        }
        SectionTable table = new SectionTable(file, version);
        try {
            table.readSections();
        } catch (InvalidSnapshotException e) {
            table.badTable = e;
        }
        return table;
    }

    /** True when the section table was read without a fault: only then are sections decoded. */
    boolean sound() {
        return badTable == null;
    }

    /**
     * The checks that wait for the checksum, in this order: the checksum itself ({@code computed} is the
     * content's), the reserved bytes, the flags, the section table, the entry count.
     */
    void checkAfterChecksum(int computed) throws InvalidSnapshotException {
        int checksum = checksum();
        if (computed != checksum) {
            throw invalid("checksum mismatch: header %08x, content %08x (the file is corrupt)", checksum, computed);
        }
        for (int at = OFF_RESERVED; at < HEADER_SIZE; at += 8) {
            if (file.getLong(at) != 0) {
                throw invalid("reserved header bytes at %d are not zero", at);
            }
        }
        int flags = flags();
        if ((flags & ~FLAG_OVERLAPS_FORCED) != 0) {
            throw invalid("unknown header flags %#x", flags);
        }
        if (badTable != null) {
            throw badTable;
        }
        if (entryCount < 0 || entryCount > ENTRY_MASK) {
            throw invalid("the header declares %d entries", Integer.toUnsignedLong(entryCount));
        }
    }

    /** The checksum the header records. */
    int checksum() {
        return file.getInt(OFF_CHECKSUM);
    }

    int flags() {
        return Short.toUnsignedInt(file.getShort(OFF_FLAGS));
    }

    private void readSections() throws InvalidSnapshotException {
        long count = Integer.toUnsignedLong(file.getInt(OFF_SECTION_COUNT));
        long tableEnd = HEADER_SIZE + count * SECTION_DESCRIPTOR_SIZE;
        if (tableEnd > file.limit()) {
            throw invalid("section table of %d sections runs past the end of the file", count);
        }
        Section[] byOffset = new Section[(int) count];
        for (int i = 0; i < count; i++) {
            int at = HEADER_SIZE + i * SECTION_DESCRIPTOR_SIZE;
            int id = file.getInt(at);
            long elements = Integer.toUnsignedLong(file.getInt(at + 4));
            long offset = file.getLong(at + 8);
            long length = file.getLong(at + 16);
            if (offset < tableEnd || length < 0 || offset > file.limit() - length || (offset & 7) != 0) {
                throw invalid("section %#x has bad bounds: offset %d, length %d, file size %d", id, offset, length,
                        file.limit());
            }
            Section s = new Section(id, elements, (int) offset, (int) length);
            if (sections.put(id, s) != null) {
                throw invalid("section %#x appears twice", id);
            }
            byOffset[i] = s;
        }
        Arrays.sort(byOffset, (a, b) -> Integer.compare(a.offset(), b.offset()));
        for (int i = 1; i < byOffset.length; i++) {
            if ((long) byOffset[i - 1].offset() + byOffset[i - 1].length() > byOffset[i].offset()) {
                throw invalid("sections %#x and %#x overlap", byOffset[i - 1].id(), byOffset[i].id());
            }
        }
    }

    /** The section with this id, or null (also for one after a fault in the table: see {@link #sound}). */
    Section get(int id) {
        return sections.get(id);
    }

    /** A section that must be present, after checking that its length is its count × {@code recordSize}. */
    Section require(int id, String name, int recordSize) throws InvalidSnapshotException {
        Section s = sections.get(id);
        if (s == null) {
            throw invalid("the %s section is missing", name);
        }
        return checkLength(s, name, recordSize);
    }

    Section checkLength(Section s, String name, int recordSize) throws InvalidSnapshotException {
        if (s.length() != s.count() * recordSize) {
            throw invalid("the %s section is %d bytes, expected %d records of %d bytes", name, s.length(), s.count(),
                    recordSize);
        }
        return s;
    }

    ByteBuffer bytes(Section s) {
        return file.slice(s.offset(), s.length()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A bulk copy: far cheaper than validating through per-element buffer reads. */
    int[] ints(Section s) {
        int[] values = new int[s.length() / 4];
        bytes(s).asIntBuffer().get(values);
        return values;
    }

    long[] longs(Section s) {
        long[] values = new long[s.length() / 8];
        bytes(s).asLongBuffer().get(values);
        return values;
    }
}
