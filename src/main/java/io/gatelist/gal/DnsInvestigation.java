package io.gatelist.gal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The optional DNS part of the investigation (off by default: the appliance may have no resolver), with dnsjava
 * against one configured resolver, a timeout and no cache: forward-confirmed reverse DNS (RFC 8601 "iprev": the PTR
 * names of the IP resolve back to it, and one of them is the nominated FQDN) and an MX (else an address) record for
 * the e-mail domain. A lookup that fails is a recorded result for the reviewer, never an exception.
 */
public final class DnsInvestigation {

    private final SimpleResolver resolver;
    private final String server;

    /**
     * @param server  the resolver's address and port
     * @param timeout how long one query may take (dnsjava retries once within it)
     */
    public DnsInvestigation(InetSocketAddress server, Duration timeout) {
        this.resolver = new SimpleResolver(server);
        this.resolver.setTimeout(timeout);
        this.server = server.getHostString() + ":" + server.getPort();
    }

    /** Adds the DNS results for one MTA entry. */
    void check(Nomination.Mta m, List<Nomination.Check> checks) {
        String ip = m.ip().canonical();
        Answer ptr = query(ReverseMap.fromAddress(address(m)), Type.PTR);
        if (ptr.failure != null) {
            checks.add(new Nomination.Check(ip, "dns-unresolved", "warning", "PTR lookup for " + ip + " failed: "
                    + ptr.failure));
        } else {
            List<String> names = new ArrayList<>();
            boolean confirmed = false;
            for (Record r : ptr.records) {
                Name target = ((PTRRecord) r).getTarget();
                names.add(text(target));
                Answer forward = query(target, m.ip().family() == 4 ? Type.A : Type.AAAA);
                for (Record f : forward.records) {
                    InetAddress a = f instanceof ARecord ar ? ar.getAddress() : ((AAAARecord) f).getAddress();
                    confirmed |= a.equals(address(m));
                }
            }
            if (names.isEmpty()) {
                checks.add(new Nomination.Check(ip, "ptr-missing", "warning", ip + " has no PTR record"));
            } else if (!confirmed) {
                checks.add(new Nomination.Check(ip, "fcrdns-failed", "warning", "PTR " + names + " of " + ip
                        + " does not resolve back to it"));
            } else if (!names.contains(m.fqdn())) {
                checks.add(new Nomination.Check(ip, "fcrdns-other-name", "warning", "PTR " + names + " of " + ip
                        + " resolves back to it but is not the nominated FQDN " + m.fqdn()));
            } else {
                checks.add(new Nomination.Check(ip, "fcrdns-ok", "info", "PTR " + m.fqdn() + " of " + ip
                        + " resolves back to it (forward-confirmed reverse DNS)"));
            }
        }
        Name domain;
        try {
            domain = Name.fromString(m.emailDomain(), Name.root);
        } catch (TextParseException e) {
            checks.add(new Nomination.Check(m.emailDomain(), "dns-unresolved", "warning", e.getMessage()));
            return;
        }
        Answer mx = query(domain, Type.MX);
        if (mx.failure != null) {
            checks.add(new Nomination.Check(m.emailDomain(), "dns-unresolved", "warning", "MX lookup for "
                    + m.emailDomain() + " failed: " + mx.failure));
        } else if (!mx.records.isEmpty()) {
            checks.add(new Nomination.Check(m.emailDomain(), "mx-found", "info", m.emailDomain() + " has MX "
                    + mx.records.stream().map(r -> text(((MXRecord) r).getTarget())).toList()));
        } else if (!query(domain, Type.A).records.isEmpty() || !query(domain, Type.AAAA).records.isEmpty()) {
            checks.add(new Nomination.Check(m.emailDomain(), "mx-implicit", "info", m.emailDomain() + " has no MX "
                    + "but an address record (RFC 5321 implicit MX)"));
        } else {
            checks.add(new Nomination.Check(m.emailDomain(), "mx-missing", "warning", m.emailDomain() + " has neither "
                    + "an MX nor an address record"));
        }
    }

    /** Records, or why there are none: an empty answer (NXDOMAIN, no such type) is not a failure. */
    private record Answer(List<Record> records, String failure) {
    }

    private Answer query(Name name, int type) {
        Lookup lookup = new Lookup(name, type);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        lookup.setSearchPath((Name[]) null);
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> new Answer(List.of(records), null);
            case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> new Answer(List.of(), null);
            default -> new Answer(List.of(), lookup.getErrorString() + " (resolver " + server + ")");
        };
    }

    private static InetAddress address(Nomination.Mta m) {
        try {
            return InetAddress.getByName(m.ip().canonical());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a canonical address literal did not parse: " + m.ip(), e);
        }
    }

    private static String text(Name name) {
        String s = name.toString(true);
        return s.toLowerCase(Locale.ROOT);
    }
}
