package io.gatelist.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * A policy file like a real feed, deterministic for a seed: about 40 bytes a row, mostly public IPv4 addresses,
 * some CIDR ranges, IPv6 in the forms people write (compressed, full, upper case), countries as codes and names,
 * and about 1% of rows that trip a rule (leading zeros, host bits, special-purpose addresses, zone ids, unknown
 * countries, duplicates, empty values), so that every kind of outcome is written, not just accepted entries.
 */
final class PolicyFileData {

    private PolicyFileData() {
    }

    /** Writes {@code rows} data rows (plus the header) to {@code file}. */
    static void write(Path file, int rows, long seed) throws IOException {
        Random r = new Random(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("list,kind,value,comment\n");
            for (int i = 0; i < rows; i++) {
                String list = r.nextInt(10) < 3 ? "approved" : "blocked";
                int p = r.nextInt(1000);
                String kind = "ip";
                String value;
                if (p < 700) {
                    value = publicIpv4(r);
                } else if (p < 800) {
                    int len = 24 + r.nextInt(5);
                    int address = (octet(r, 20, 220) << 24 | r.nextInt(1 << 24)) & (-1 << (32 - len));
                    value = dotted(address) + "/" + len;
                } else if (p < 930) {
                    value = String.format(Locale.ROOT, "2a0%x:%x:%x::%x", r.nextInt(16), r.nextInt(65536),
                            r.nextInt(65536), 1 + r.nextInt(65535));
                } else if (p < 960) {
                    value = String.format(Locale.ROOT, "2001:0db7:%04x:0000:0000:%04x:%04x:%04x", r.nextInt(65536),
                            r.nextInt(65536), r.nextInt(65536), r.nextInt(65536));
                } else if (p < 975) {
                    value = String.format(Locale.ROOT, "2A0%X:%X::%X/48", r.nextInt(16), r.nextInt(65536),
                            r.nextInt(65536)).replaceFirst("::[0-9A-F]+/48", "::/48");
                } else if (p < 988) {
                    kind = "country";
                    value = new String[] {"NZ", "KP", "de", "FR", "United Kingdom", "US", "Brazil"}[r.nextInt(7)];
                } else {
                    // About 1.2%: rows that trip a rule.
                    String[] bad = {"010.1.1.1", dotted(r.nextInt()) + "/8", "10.1.2.3", "192.168.4.5",
                        "fe80::1%eth0", "1.2.3", "Atlantis", "EU", "", "::ffff:" + publicIpv4(r), "172.31.15.164"};
                    value = bad[r.nextInt(bad.length)];
                    if (value.equals("Atlantis") || value.equals("EU")) {
                        kind = "country";
                    }
                }
                w.write(list);
                w.write(',');
                w.write(kind);
                w.write(',');
                w.write(value);
                w.write(",feed ");
                w.write(Integer.toString(1_000_000 + i));
                w.write('\n');
            }
        }
    }

    private static String publicIpv4(Random r) {
        return octet(r, 20, 220) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + octet(r, 1, 254);
    }

    private static int octet(Random r, int min, int max) {
        int o = min + r.nextInt(max - min + 1);
        return o == 100 || o == 127 || o == 169 || o == 172 || o == 192 || o == 198 || o == 203 ? o + 1 : o;
    }

    private static String dotted(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }
}
