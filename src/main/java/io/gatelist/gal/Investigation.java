package io.gatelist.gal;

import io.gatelist.finding.Finding;
import io.gatelist.finding.Severity;
import io.gatelist.policy.EntryKind;
import io.gatelist.policy.IpPrefix;
import io.gatelist.policy.ListName;
import io.gatelist.storage.EntryStore;
import io.gatelist.storage.GeoStore;
import io.gatelist.storage.Jdbc;
import io.gatelist.validation.DomainRules;
import io.gatelist.validation.HeloRules;
import io.gatelist.validation.SpecialPurposeRanges;
import io.gatelist.validation.ValidationProfile;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a machine can check about a nomination before a reviewer looks at it, recorded per entry: each IP is public
 * unicast, on neither of the customer's lists (the Blocked list is an error, the Approved list worth knowing), not
 * already approved or nominated (pointing to the other nomination), in the country the loaded IP-to-country data
 * gives (a mismatch is a warning: that data says where space was allocated, not where it is used); the names are
 * well-formed and a HELO address literal is a nominated IP; then, when enabled, DNS ({@link DnsInvestigation}) and a
 * reputation feed ({@link ReputationFeeds}).
 *
 * <p>Every query runs on the caller's connection, so that a nomination created in the same transaction (not yet
 * visible to others) is investigated consistently. The customer's lists are read in one pass per nomination, not
 * one query per IP: the live lists can hold millions of rows and have no address index.
 */
public final class Investigation {

    private final DnsInvestigation dns;
    private final ReputationFeeds feeds;

    /**
     * @param dns   the DNS checks, or {@code null} when they are off (the default: the appliance may have no resolver)
     * @param feeds the reputation feed check, or {@code null} for the default: the live feeds in the database
     */
    public Investigation(DnsInvestigation dns, ReputationFeeds feeds) {
        this.dns = dns;
        this.feeds = feeds;
    }

    /** The feed check for one investigation: the configured one, else the live feeds. */
    private ReputationFeeds feeds() {
        return feeds != null ? feeds : ReputationFeeds.live();
    }

    /**
     * The investigation as {@code gatelist.properties} configures it: {@code gal.dns.enabled} (default false),
     * {@code gal.dns.resolver} (host or host:port, default 127.0.0.1:53) and {@code gal.dns.timeout-ms} (default
     * 3000).
     */
    public static Investigation configured(io.gatelist.home.ApplianceHome home) {
        DnsInvestigation dns = null;
        if (home.booleanValue("gal.dns.enabled", false)) {
            String resolver = home.value("gal.dns.resolver", "127.0.0.1:53").strip();
            int colon = resolver.lastIndexOf(':');
            boolean hasPort = colon > 0 && resolver.indexOf(':') == colon;
            String host = hasPort ? resolver.substring(0, colon) : resolver;
            int port = hasPort ? Integer.parseInt(resolver.substring(colon + 1)) : 53;
            dns = new DnsInvestigation(new java.net.InetSocketAddress(host, port),
                    java.time.Duration.ofMillis(home.longValue("gal.dns.timeout-ms", 3000)));
        }
        return new Investigation(dns, null);
    }

    /** Investigates nomination {@code id}'s entries. */
    public List<Nomination.Check> investigate(Connection c, long id, List<Nomination.Mta> mtas,
            List<Nomination.Helo> helos) throws SQLException {
        List<Nomination.Check> checks = new ArrayList<>();
        Listings lists = listings(c, mtas);
        Map<IpPrefix, List<String>> listed = lists.ips();
        Map<String, String> countryListings = lists.countries();
        Map<IpPrefix, String> countries = countries(c, mtas);
        ReputationFeeds feedCheck = feeds();
        for (Nomination.Mta m : mtas) {
            String ip = m.ip().canonical();
            SpecialPurposeRanges.Block block = SpecialPurposeRanges.find(m.ip());
            if (block != null) {
                checks.add(check(ip, "special-purpose", "error", ip + " is in " + block.prefix().canonical() + " ("
                        + block.name() + "): reputation services act on public unicast addresses only"));
            } else {
                checks.add(check(ip, "public-unicast", "info", ip + " is public unicast space"));
            }
            boolean onBlocked = false;
            for (String listing : listed.getOrDefault(m.ip(), List.of())) {
                boolean blocked = listing.startsWith("blocked");
                onBlocked |= blocked;
                checks.add(blocked
                        ? check(ip, "in-blocked-list", "error", ip + " is on the Blocked list: " + listing)
                        : check(ip, "in-approved-list", "info", ip + " is already on the customer's own Approved "
                                + "list: " + listing));
            }
            if (!onBlocked) {
                checks.add(check(ip, "not-blocked", "info", ip + " is not on the Blocked list"));
            }
            others(c, id, m.ip(), checks);
            country(m, countries.get(m.ip()), countryListings, checks);
            name(checks, "fqdn", m.fqdn());
            name(checks, "email-domain", m.emailDomain());
            feedCheck.check(c, m.ip(), checks);
        }
        List<IpPrefix> nominated = mtas.stream().map(Nomination.Mta::ip).toList();
        for (Nomination.Helo h : helos) {
            helo(h.helo(), nominated, mtas, checks);
        }
        if (dns == null) {
            checks.add(check("dns", "dns-not-checked", "info", "DNS checks are off (gal.dns.enabled=false in "
                    + "gatelist.properties): forward-confirmed reverse DNS and the e-mail domains' MX records were "
                    + "not looked up"));
        } else {
            for (Nomination.Mta m : mtas) {
                dns.check(m, checks);
            }
        }
        return checks;
    }

    private static Nomination.Check check(String subject, String code, String severity, String message) {
        return new Nomination.Check(subject, code, severity, message);
    }

    /** Other nominations naming the IP: an approved one makes this one redundant, an open one a duplicate. */
    private static void others(Connection c, long id, IpPrefix ip, List<Nomination.Check> checks) throws SQLException {
        List<String[]> others = Jdbc.query(c, "SELECT DISTINCT n.id, n.state FROM nomination n JOIN nomination_mta m "
                + "ON m.nomination_id = n.id WHERE m.ip = ? AND n.id <> ? AND n.state <> 'REJECTED' ORDER BY n.id",
                rs -> new String[] {Long.toString(rs.getLong(1)), rs.getString(2)}, ip.canonical(), id);
        String text = ip.canonical();
        if (others.isEmpty()) {
            checks.add(check(text, "not-yet-nominated", "info", text + " is in no other open or approved nomination"));
        }
        for (String[] other : others) {
            checks.add(NominationState.APPROVED.name().equals(other[1])
                    ? check(text, "already-approved", "error", text + " is already on the Global Approved List: "
                            + "nomination " + other[0] + " (APPROVED)")
                    : check(text, "already-nominated", "warning", text + " is also in nomination " + other[0] + " ("
                            + other[1] + ")"));
        }
    }

    /** The nominated country against the IP-to-country data in the database. */
    private static void country(Nomination.Mta m, String data, Map<String, String> countryListings,
            List<Nomination.Check> checks) {
        String ip = m.ip().canonical();
        if (data == null) {
            checks.add(check(ip, "country-not-checked", "info", "the loaded IP-to-country data has no country for "
                    + ip + " (none loaded, or not allocated to a country); nominated: " + m.country()));
        } else if (data.equals(m.country())) {
            checks.add(check(ip, "country-matches", "info", "nominated country " + m.country() + " matches the "
                    + "IP-to-country data"));
        } else {
            checks.add(check(ip, "country-mismatch", "warning", "nominated country " + m.country() + ", but the "
                    + "IP-to-country data gives " + data + " for " + ip));
        }
        String effective = data != null ? data : m.country();
        String listing = countryListings.get(effective);
        if (listing != null && listing.startsWith("blocked")) {
            checks.add(check(ip, "country-blocked", "warning", "country " + effective + " is on the Blocked list: "
                    + listing));
        }
    }

    /**
     * The country the live IP-to-country ranges give for each nominated address, in one pass over the ranges (they
     * have no address index, and a bulk nomination would otherwise scan them once per address).
     */
    static Map<IpPrefix, String> countries(Connection c, List<Nomination.Mta> mtas) throws SQLException {
        Map<IpPrefix, String> found = new HashMap<>();
        if (mtas.isEmpty()) {
            return found;
        }
        IpPrefix[] sorted = mtas.stream().map(Nomination.Mta::ip).distinct().sorted(ADDRESS_ORDER)
                .toArray(IpPrefix[]::new);
        GeoStore.forEachLiveRange(c, range -> {
            int width = range.family() == 4 ? 32 : 128;
            IpPrefix start = new IpPrefix(range.family(), range.startHigh(), range.startLow(), width);
            IpPrefix end = new IpPrefix(range.family(), range.endHigh(), range.endLow(), width);
            for (int i = firstNotBefore(sorted, start); i < sorted.length
                    && ADDRESS_ORDER.compare(sorted[i], end) <= 0; i++) {
                found.putIfAbsent(sorted[i], range.country());
            }
        });
        return found;
    }

    /** Addresses in numeric order, IPv4 before IPv6. */
    private static final Comparator<IpPrefix> ADDRESS_ORDER = Comparator.comparingInt(IpPrefix::family)
            .thenComparing(IpPrefix::high, Long::compareUnsigned).thenComparing(IpPrefix::low, Long::compareUnsigned);

    private static void name(List<Nomination.Check> checks, String what, String name) {
        DomainRules.Result r = DomainRules.check(what, name);
        Finding error = firstError(r.findings());
        checks.add(error == null
                ? check(name, what + "-well-formed", "info", what.replace('-', ' ') + " " + name + " is well-formed")
                : check(name, what + "-malformed", "error", error.message()));
    }

    private static void helo(String helo, List<IpPrefix> nominated, List<Nomination.Mta> mtas,
            List<Nomination.Check> checks) {
        HeloRules.Result r = HeloRules.check("helo", helo, ValidationProfile.NOMINATION);
        Finding error = firstError(r.findings());
        if (error != null) {
            checks.add(check(helo, "helo-malformed", "error", error.message()));
            return;
        }
        checks.add(check(helo, "helo-well-formed", "info", "HELO/EHLO " + helo + " is well-formed"));
        if (r.isLiteral()) {
            Finding f = HeloRules.literalNotNominated("helo", r, nominated);
            checks.add(f == null
                    ? check(helo, "helo-literal-nominated", "info", helo + " names a nominated IP")
                    : check(helo, f.code(), f.severity().id(), f.message()));
        } else if (mtas.stream().noneMatch(m -> m.fqdn().equalsIgnoreCase(r.domain()))) {
            checks.add(check(helo, "helo-not-an-fqdn", "info", helo + " is not the FQDN of a nominated MTA; the "
                    + "reviewer checks that it belongs to the sender"));
        }
        if (nominated.isEmpty()) {
            checks.add(check(helo, "helo-without-ip", "warning", "the nomination has no MTA IP: an approved HELO "
                    + "string approves only connections from its nomination's IPs, so this one approves nothing"));
        }
    }

    private static Finding firstError(List<Finding> findings) {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).findFirst().orElse(null);
    }

    /**
     * What the live lists say about a nomination's addresses.
     *
     * @param ips       the live IP entries containing each nominated IP, as "blocked 198.51.100.0/24 (source line 12)"
     * @param countries the live country entries, code to "blocked GB (source line 3)"; the Blocked list wins for a
     *                  code on both
     */
    private record Listings(Map<IpPrefix, List<String>> ips, Map<String, String> countries) {
    }

    /** The {@link Listings} for the nominated IPs, in one pass over the live lists (none without IPs). */
    private static Listings listings(Connection c, List<Nomination.Mta> mtas) throws SQLException {
        Map<IpPrefix, List<String>> found = new HashMap<>();
        Map<String, String> byCode = new LinkedHashMap<>();
        if (mtas.isEmpty()) {
            return new Listings(found, byCode);
        }
        IpPrefix[] sorted = mtas.stream().map(Nomination.Mta::ip).distinct().sorted(ADDRESS_ORDER)
                .toArray(IpPrefix[]::new);
        Map<String, String> approved = new LinkedHashMap<>();
        EntryStore.forEachLiveEntry(c, (source, e) -> {
            if (e.kind() == EntryKind.COUNTRY) {
                (e.list() == ListName.BLOCKED ? byCode : approved).computeIfAbsent(e.value(), code -> e.list().id()
                        + " " + code + " (" + source + " line " + e.lineNo() + ")");
                return;
            }
            IpPrefix entry = e.prefix();
            int i = firstNotBefore(sorted, new IpPrefix(entry.family(), entry.high(), entry.low(), entry.width()));
            for (; i < sorted.length && entry.contains(sorted[i]); i++) {
                found.computeIfAbsent(sorted[i], k -> new ArrayList<>()).add(e.list().id() + " "
                        + entry.canonical() + " (" + source + " line " + e.lineNo() + ")");
            }
        });
        approved.forEach(byCode::putIfAbsent);
        return new Listings(found, byCode);
    }

    /** The first index whose address is not below {@code start} (a single address). */
    private static int firstNotBefore(IpPrefix[] sorted, IpPrefix start) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ADDRESS_ORDER.compare(sorted[mid], start) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
