package io.gatelist.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.gatelist.Interop;
import io.gatelist.lookup.Decision;
import io.gatelist.lookup.Mode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nftables sets hold exactly the blocked and approved addresses, and nft accepts the file. */
class NftExportTest {

    private static final Pattern SET = Pattern.compile("set (\\w+) \\{(.*?)\\n\\}", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void setMembershipIsTheStandardVerdict() throws Exception {
        RandomLists lists = new RandomLists(31, 400);
        Path file = ExportFiles.export(dir, lists, "nft", dir.resolve("gatelist.nft"));
        Map<String, List<IPAddress>> sets = new HashMap<>();
        Matcher m = SET.matcher(Files.readString(file));
        while (m.find()) {
            List<IPAddress> blocks = new ArrayList<>();
            int open = m.group(2).indexOf("elements = {");
            if (open >= 0) {
                String elements = m.group(2).substring(open + 12, m.group(2).lastIndexOf('}'));
                for (String e : elements.split(",")) {
                    blocks.add(new IPAddressString(e.strip()).getAddress());
                }
            }
            sets.put(m.group(1), blocks);
        }
        assertEquals(4, sets.size(), sets.keySet().toString());
        for (String ip : lists.sample(2500)) {
            IPAddress address = new IPAddressString(ip).getAddress();
            Decision d = lists.snapshot.lookup(ip, null, Mode.STANDARD).decision();
            String family = address.isIPv4() ? "ipv4" : "ipv6";
            boolean mapped = address.isIPv6() && address.toIPv6().isIPv4Mapped();
            assertEquals(d == Decision.BLOCKED && !mapped, contains(sets.get("gatelist_blocked_" + family), address), ip);
            assertEquals(d == Decision.APPROVED && !mapped, contains(sets.get("gatelist_approved_" + family), address),
                    ip);
        }
    }

    private static boolean contains(List<IPAddress> blocks, IPAddress address) {
        return blocks.stream().anyMatch(b -> b.contains(address));
    }

    @Test
    void nftAcceptsTheSetsInsideATable() throws Exception {
        Path nft = Interop.require("nft", "nftables");
        RandomLists lists = new RandomLists(32, 400);
        Path file = ExportFiles.export(dir, lists, "nft", dir.resolve("gatelist.nft"));
        Path wrapper = Files.writeString(dir.resolve("check.nft"), "table inet gatelist_check {\n  include \""
                + file + "\"\n  chain input { ip saddr @gatelist_blocked_ipv4 drop; ip6 saddr @gatelist_blocked_ipv6 drop; }\n}\n");
        // -c checks the whole ruleset, intervals included, without changing anything.
        Process p = new ProcessBuilder(nft.toString(), "-c", "-f", wrapper.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
    }
}
