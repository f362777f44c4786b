package io.gatelist.report;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Facts about an imported file's bytes that the database does not hold.
 *
 * @param bom         the file starts with a UTF-8 byte order mark
 * @param lineEndings "CRLF", "LF", "CR", "mixed", "none", or "unknown" when the file cannot be read
 */
record FileFacts(boolean bom, String lineEndings) {

    static FileFacts of(Path file) {
        boolean bom = false;
        long crlf = 0;
        long lf = 0;
        long cr = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            int previous = -1;
            int b;
            long position = 0;
            byte[] head = new byte[3];
            while ((b = in.read()) >= 0) {
                if (position < 3) {
                    head[(int) position] = (byte) b;
                }
                position++;
                if (b == '\n') {
                    if (previous == '\r') {
                        crlf++;
                        cr--;
                    } else {
                        lf++;
                    }
                } else if (b == '\r') {
                    cr++;
                }
                previous = b;
            }
            bom = position >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
                    && (head[2] & 0xFF) == 0xBF;
        } catch (IOException e) {
            return new FileFacts(false, "unknown");
        }
        int kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
        String endings = kinds == 0 ? "none" : kinds > 1 ? "mixed" : crlf > 0 ? "CRLF" : lf > 0 ? "LF" : "CR";
        return new FileFacts(bom, endings);
    }
}
