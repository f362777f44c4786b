package io.gatelist.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inet.ipaddr.IPAddressString;
import io.gatelist.finding.Finding;
import io.gatelist.finding.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of {@link IpRules} (hand-parsed dotted quads and plain IPv6 text) against IPAddress, the
 * authority: for every input the outcome with fast paths on must equal the outcome with them off (prefix,
 * every finding's rule, severity, value and message), under each list's profile. Inputs are random well-formed
 * values of every shape the fast paths take, and mutations of them that each break one rule.
 */
class IpRulesFastPathTest {

    private static final List<ValidationProfile> PROFILES = List.of(ValidationProfile.APPROVED,
            ValidationProfile.BLOCKED, ValidationProfile.NOMINATION, new ValidationProfile(0, 0, null));

    private static final List<String> TRICKY = List.of(
            "", "/", "/24", ".", "..", "...", "....", "1", "1.2", "1.2.3", "1.2.3.4", "1.2.3.4.", ".1.2.3.4",
            "1.2.3.4.5", "1..3.4", "01.2.3.4", "1.2.3.04", "0.0.0.0", "0.0.0.0/0", "0.0.0.0/8", "255.255.255.255",
            "256.1.1.1", "1.2.3.256", "999.1.1.1", "1.2.3.4/", "1.2.3.4/0", "1.2.3.4/00", "1.2.3.4/01",
            "1.2.3.4/32", "1.2.3.4/33", "1.2.3.0/24", "1.2.3.4/24", "1.2.3.4/+24", "1.2.3.4/-1", "1.2.3.4/240",
            "1.2.3.4//24", "1.2.3.4/24/", "0x1.2.3.4", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4%eth0", "[1.2.3.4]",
            "1.2.3.*", "1.2.3.0-255", "1.2.3.4:80", "1.2.3.4/255.255.255.0", "١.٢.٣.٤", "1.2.3.4\u0000",
            "::", ":::", "::/0", "::/128", "::/1", "::1", "::1/128", "1::", "1:::", ":1::", "::1:", "1::2::3",
            "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1::3:4:5:6:7:8",
            "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6::7:8", "12345::",
            "01234::", "0000::", "00000::", "0:0:0:0:0:0:0:0", "0:0:0:0:0:0:0:1", "FFFF::", "ffff::", "fFfF::",
            "g::", "2001:db8::/32", "2001:DB8::/32", "2001:db8::1/32", "2001:db8::/033", "2001:db8::/129",
            "2001:db8::/128", "2001:db8::/64/", "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8:0:0:1:0:0:1",
            "2001:db8::1:0:0:1", "2001:db8:0:0:1::1", "::ffff:1.2.3.4", "::ffff:0102:0304", "::ffff:0:0/96",
            "::ffff:0:0/80", "::ffff:1:2/127", "::1.2.3.4", "::0102:0304", "64:ff9b::1.2.3.4", "1:2:3:4:5:6:1.2.3.4",
            "fe80::1%eth0", "fe80::1%", "[2001:db8::1]", "2001:db8::1]", "2001:db8::1 ", "2001:db8:: 1",
            "2001:db8::-1", "2001:db8::*", "2001:db8::1-2", "2001:db8::/64 ", "::ffff", "::ffff:1",
            "fe80::/10", "ff02::1", "2a0f:1:2::/48", "2A0F:1:2::/48", "2a0f:1:2::1/48", "3fff::/20",
            "2000::/3", "2000::/2", "4000::", "2001::", "2001::/23", "::/96", "::2/127", "1:0:0:0:0:0:0:0/1");

    @Test
    void trickyInputsMatchIpAddress() {
        for (String raw : TRICKY) {
            compare(raw);
        }
    }

    @Test
    void randomInputsMatchIpAddress() {
        Random r = new Random(20261123);
        int fastAccepted = 0;
        for (int i = 0; i < 60_000; i++) {
            String raw = mutate(r, random(r));
            compare(raw);
            if (new IPAddressString(raw).isValid()) {
                fastAccepted++;
            }
        }
        assertTrue(fastAccepted > 10_000, "the random inputs should be mostly valid: " + fastAccepted);
    }

    private static void compare(String raw) {
        for (ValidationProfile profile : PROFILES) {
            IpRules.Result fast = IpRules.check("value", raw, profile, true);
            IpRules.Result reference = IpRules.check("value", raw, profile, false);
            assertEquals(reference.prefix(), fast.prefix(), () -> "\"" + raw + "\" under " + profile);
            assertEquals(reference.findings(), withoutHostNote(raw, fast.findings()),
                    () -> "\"" + raw + "\" under " + profile);
        }
    }

    /**
     * The dotted-quad path's note on an IPv4 address written as a /32 ("is a single address; stored as ..."):
     * that path has always been the only one to meet such text (IPAddress only sees IPv4 text the fast path
     * left), and IPAddress's path does not make the note, so it is the one expected difference.
     */
    private static List<Finding> withoutHostNote(String raw, List<Finding> findings) {
        if (!raw.endsWith("/32") || raw.indexOf(':') >= 0) {
            return findings;
        }
        return findings.stream().filter(f -> !(f.rule() == Rule.IP_NORMALISED
                && f.message().equals("\"" + raw + "\" is a single address; stored as "
                        + raw.substring(0, raw.length() - 3)))).toList();
    }

    /** A well-formed value of one of the shapes people write. */
    private static String random(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> quad(r);
            case 1 -> {
                int length = r.nextInt(34);
                int address = r.nextInt() & (length == 0 ? 0 : -1 << (32 - Math.min(32, length)));
                yield dotted(r.nextBoolean() ? address : r.nextInt()) + "/" + length;
            }
            case 2 -> ipv6(r, true);
            case 3 -> ipv6(r, false);
            case 4 -> ipv6(r, r.nextBoolean()) + "/" + r.nextInt(131);
            case 5 -> {
                // a network address: zero the bits after a random length
                int length = 1 + r.nextInt(128);
                String text = ipv6(r, false);
                java.math.BigInteger v = new IPAddressString(text).getAddress().getValue();
                v = v.shiftRight(128 - length).shiftLeft(128 - length);
                yield new inet.ipaddr.ipv6.IPv6Address(v).toCompressedString() + "/" + length;
            }
            case 6 -> (r.nextBoolean() ? "::ffff:" : "::") + quad(r);
            default -> special(r);
        };
    }

    private static String special(Random r) {
        String[] blocks = {"10.", "127.", "169.254.", "172.16.", "192.168.", "192.0.2.", "224.", "240.",
            "fe80::", "fc00::", "ff02::", "2001:db8::", "::", "2002::", "64:ff9b::", "100::"};
        String b = blocks[r.nextInt(blocks.length)];
        if (b.endsWith(":")) {
            return b + Integer.toHexString(r.nextInt(65536));
        }
        StringBuilder sb = new StringBuilder(b);
        while (sb.chars().filter(c -> c == '.').count() < 3) {
            sb.append(r.nextInt(256)).append('.');
        }
        return sb.append(r.nextInt(256)).toString();
    }

    private static String quad(Random r) {
        return dotted(r.nextInt());
    }

    private static String dotted(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }

    /** Eight random groups, compressed or written out, sometimes with zero runs, leading zeros or upper case. */
    private static String ipv6(Random r, boolean compressed) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = r.nextInt(4) == 0 ? 0 : r.nextInt(3) == 0 ? r.nextInt(16) : r.nextInt(65536);
        }
        List<String> parts = new ArrayList<>();
        boolean padded = r.nextInt(4) == 0;
        for (int g : groups) {
            parts.add(padded ? String.format(Locale.ROOT, "%04x", g) : Integer.toHexString(g));
        }
        String text;
        if (compressed) {
            int from = r.nextInt(8);
            int to = from + r.nextInt(9 - from);
            text = String.join(":", parts.subList(0, from)) + "::" + String.join(":", parts.subList(to, 8));
        } else {
            text = String.join(":", parts);
        }
        return r.nextInt(5) == 0 ? text.toUpperCase(Locale.ROOT) : text;
    }

    /** Leaves most values alone; breaks the rest in one place. */
    private static String mutate(Random r, String s) {
        if (r.nextInt(3) != 0 || s.isEmpty()) {
            return s;
        }
        String[] inserts = {".", ":", "::", "/", "0", "00", "1", "9", "f", "F", "g", " ", "%", "-", "*", "x",
            "255", "256", "1.2.3.4"};
        int at = r.nextInt(s.length() + 1);
        return switch (r.nextInt(4)) {
            case 0 -> s.substring(0, at) + inserts[r.nextInt(inserts.length)] + s.substring(at);
            case 1 -> at < s.length() ? s.substring(0, at) + s.substring(at + 1) : s.substring(1);
            case 2 -> at < s.length() ? s.substring(0, at) + inserts[r.nextInt(inserts.length)]
                    + s.substring(at + 1) : s + "/";
            default -> s.substring(0, at);
        };
    }
}
