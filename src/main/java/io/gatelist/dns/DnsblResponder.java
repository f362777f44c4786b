package io.gatelist.dns;

import io.gatelist.answer.Listing;
import io.gatelist.answer.Listings;
import io.gatelist.answer.PublicText;
import io.gatelist.answer.ReturnCodes;
import io.gatelist.answer.SubZone;
import io.gatelist.lookup.PolicySnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Answers RFC 5782 DNSBL queries for one zone from the current snapshot. Messages are parsed and written by
 * dnsjava; this class only decides what to answer. It is stateless apart from a cached SOA, and safe for any
 * number of threads.
 *
 * <p>Under the zone: {@code <reversed address>.r.ZONE} (standard mode), {@code .q.ZONE} (dynamic) and
 * {@code .a.ZONE} (approvals). A listed address answers A (its {@link ReturnCodes code}) and TXT (the zone's
 * {@link PublicText}, which names no internal source); an unlisted one NXDOMAIN; both negative forms carry the
 * SOA. The apex answers SOA and NS. Answers are minimal: only the RRset asked for, nothing in the authority or
 * additional sections of positive answers, and ANY gets the A record only (RFC 8482), so that no answer is larger
 * than the question needs.
 */
public final class DnsblResponder {

    /** The transport a query came on: UDP answers are held to the client's size limit and truncated. */
    public enum Transport { UDP, TCP }

    /** The EDNS payload size we advertise and honour at most (the DNS Flag Day 2020 value). */
    public static final int EDNS_PAYLOAD = 1232;
    /** The UDP size limit without EDNS (RFC 1035). */
    public static final int PLAIN_UDP = 512;

    /** The return codes and their addresses, built once: answers only ever use these. */
    private static final int[] CODE_VALUES = {ReturnCodes.BLOCKED_IP, ReturnCodes.BLOCKED_COUNTRY,
        ReturnCodes.REPUTATION_STANDARD, ReturnCodes.REPUTATION_DYNAMIC, ReturnCodes.APPROVED_IP,
        ReturnCodes.APPROVED_COUNTRY, ReturnCodes.GLOBAL_APPROVED};
    private static final InetAddress[] CODE_ADDRESSES = Arrays.stream(CODE_VALUES).mapToObj(DnsblResponder::toInet)
            .toArray(InetAddress[]::new);

    private final ZoneSettings settings;
    private final Supplier<PolicySnapshot> snapshots;
    private final Name zone;
    private final int zoneLabels;
    private final List<NSRecord> nameservers;
    private volatile Apex apex;

    /** The SOA records of one snapshot (the serial follows the snapshot's compile time). */
    private record Apex(PolicySnapshot snapshot, SOARecord answer, SOARecord negative, SOARecord negativeDynamic) {
    }

    /**
     * @param snapshots gives the snapshot to answer from; called once per query, so a query is answered from
     *                  one snapshot even while a new one is swapped in
     */
    public DnsblResponder(ZoneSettings settings, Supplier<PolicySnapshot> snapshots) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.zone = settings.zone();
        this.zoneLabels = zone.labels();
        this.nameservers = settings.nameservers().stream()
                .map(ns -> new NSRecord(zone, DClass.IN, settings.ttl(), ns)).toList();
    }

    /** The zone served. */
    public Name zone() {
        return zone;
    }

    /**
     * Answers one query message.
     *
     * @param packet the message as received (for TCP, without the two-byte length); consumed
     * @return the response to send, or {@code null} to send nothing (a fragment too short to hold a DNS header,
     *         or a message that is itself a response: answering those could start loops or reflect floods)
     */
    public byte[] respond(ByteBuffer packet, Transport transport) {
        if (packet.remaining() < Header.LENGTH) {
            return null;
        }
        ByteBuffer copy = packet.duplicate();
        Message query;
        try {
            query = new Message(packet);
        } catch (IOException | RuntimeException e) {
            return malformed(copy);
        }
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            return null;
        }
        Record question = query.getQuestion();
        Message response = new Message(header.getID());
        Header out = response.getHeader();
        out.setFlag(Flags.QR);
        out.setOpcode(header.getOpcode());
        if (header.getFlag(Flags.RD)) {
            out.setFlag(Flags.RD);
        }
        if (header.getOpcode() != Opcode.QUERY) {
            return finish(response, Rcode.NOTIMP, null, transport);
        }
        if (question == null || header.getCount(Section.QUESTION) != 1 || opts(query) > 1) {
            return finish(response, Rcode.FORMERR, null, transport);
        }
        response.addRecord(question, Section.QUESTION);
        OPTRecord opt = query.getOPT();
        if (opt != null && opt.getVersion() != 0) {
            response.addRecord(new OPTRecord(EDNS_PAYLOAD, Rcode.BADVERS >>> 4, 0), Section.ADDITIONAL);
            return finish(response, Rcode.BADVERS & 0xF, null, transport);
        }
        if (opt != null) {
            response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        int type = question.getType();
        if (type == Type.OPT || type == Type.TSIG || type == Type.TKEY) {
            return finish(response, Rcode.FORMERR, opt, transport);
        }
        Name name = question.getName();
        if (question.getDClass() != DClass.IN || !name.subdomain(zone) || query.getTSIG() != null
                || type == Type.AXFR || type == Type.IXFR) {
            // Not ours (other zones, classes, CHAOS probes), or things we do not do (transfers, signed queries).
            return finish(response, Rcode.REFUSED, opt, transport);
        }
        out.setFlag(Flags.AA);
        return finish(response, answer(response, name, type), opt, transport);
    }

    /** Fills the answer or authority section and returns the rcode. */
    private int answer(Message response, Name name, int type) {
        PolicySnapshot snapshot = snapshots.get();
        Apex soa = apex(snapshot);
        int below = name.labels() - zoneLabels;
        if (below == 0) {
            if (type == Type.SOA || type == Type.ANY) {
                response.addRecord(soa.answer, Section.ANSWER);
            } else if (type == Type.NS) {
                nameservers.forEach(ns -> response.addRecord(ns, Section.ANSWER));
            } else {
                response.addRecord(soa.negative, Section.AUTHORITY);
            }
            return Rcode.NOERROR;
        }
        byte[] label = name.getLabel(below - 1);
        SubZone sub = label[0] == 1 ? SubZone.ofLabel(label[1]) : null;
        if (sub == null) {
            response.addRecord(soa.negative, Section.AUTHORITY);
            return Rcode.NXDOMAIN;
        }
        SOARecord negative = sub == SubZone.DYNAMIC ? soa.negativeDynamic : soa.negative;
        long[] address = new long[2];
        ReversedName.Kind kind = below == 1 ? ReversedName.Kind.PARTIAL
                : ReversedName.parse(name, below - 1, address);
        if (kind == ReversedName.Kind.PARTIAL) {
            response.addRecord(negative, Section.AUTHORITY); // exists, since names below it do: NODATA
            return Rcode.NOERROR;
        }
        boolean text = type == Type.TXT;
        PublicText publicText = text ? settings.publicText() : null;
        Listing listing = switch (kind) {
            case IPV4 -> Listings.ipv4(snapshot, sub, (int) address[1], publicText);
            case IPV6 -> Listings.ipv6(snapshot, sub, address[0], address[1], publicText);
            default -> null;
        };
        if (listing == null) {
            response.addRecord(negative, Section.AUTHORITY);
            return Rcode.NXDOMAIN;
        }
        long ttl = settings.answerTtl(sub);
        if (type == Type.A || type == Type.ANY) {
            response.addRecord(new ARecord(name, DClass.IN, ttl, inet(listing.code())), Section.ANSWER);
        } else if (text) {
            response.addRecord(new TXTRecord(name, DClass.IN, ttl, listing.text()), Section.ANSWER);
        } else {
            response.addRecord(negative, Section.AUTHORITY); // listed, but no data of this type
        }
        return Rcode.NOERROR;
    }

    private byte[] finish(Message response, int rcode, OPTRecord queryOpt, Transport transport) {
        response.getHeader().setRcode(rcode);
        if (transport == Transport.TCP) {
            return response.toWire();
        }
        int limit = queryOpt == null ? PLAIN_UDP
                : Math.max(PLAIN_UDP, Math.min(queryOpt.getPayloadSize(), EDNS_PAYLOAD));
        return response.toWire(limit); // sets TC and drops what does not fit: the client retries over TCP
    }

    /** FORMERR for a message dnsjava could not parse, when its header at least says it is a query. */
    private static byte[] malformed(ByteBuffer packet) {
        byte[] bytes = new byte[Header.LENGTH];
        packet.get(bytes);
        Header header;
        try {
            header = new Header(bytes);
        } catch (IOException e) {
            return null;
        }
        if (header.getFlag(Flags.QR)) {
            return null;
        }
        Message response = new Message(header.getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(header.getOpcode());
        response.getHeader().setRcode(Rcode.FORMERR);
        return response.toWire(); // a bare header: never larger than the query
    }

    private static int opts(Message query) {
        if (query.getHeader().getCount(Section.ADDITIONAL) < 2) {
            return query.getHeader().getCount(Section.ADDITIONAL); // at most one record: no need to look
        }
        int n = 0;
        for (Record r : query.getSection(Section.ADDITIONAL)) {
            if (r.getType() == Type.OPT) {
                n++;
            }
        }
        return n;
    }

    private Apex apex(PolicySnapshot snapshot) {
        Apex current = apex;
        if (current != null && current.snapshot == snapshot) {
            return current;
        }
        long serial = snapshot.info().created().getEpochSecond() & 0xFFFFFFFFL;
        Name host = settings.nameservers().get(0);
        SOARecord answer = soa(settings.ttl(), host, serial);
        SOARecord negative = soa(settings.negativeAnswerTtl(SubZone.STANDARD), host, serial);
        SOARecord negativeDynamic = soa(settings.negativeAnswerTtl(SubZone.DYNAMIC), host, serial);
        current = new Apex(snapshot, answer, negative, negativeDynamic);
        apex = current;
        return current;
    }

    private SOARecord soa(long ttl, Name host, long serial) {
        return new SOARecord(zone, DClass.IN, ttl, host, settings.hostmaster(), serial, ZoneSettings.REFRESH,
                ZoneSettings.RETRY, ZoneSettings.EXPIRE, settings.negativeTtl());
    }

    private static InetAddress inet(int code) {
        for (int i = 0; i < CODE_VALUES.length; i++) {
            if (CODE_VALUES[i] == code) {
                return CODE_ADDRESSES[i];
            }
        }
        return toInet(code);
    }

    private static InetAddress toInet(int code) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (code >>> 24), (byte) (code >>> 16),
                (byte) (code >>> 8), (byte) code});
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // four bytes are always an address
        }
    }
}
