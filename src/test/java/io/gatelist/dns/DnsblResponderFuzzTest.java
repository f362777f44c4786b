package io.gatelist.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.PolicySnapshot;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Whatever arrives, the responder answers with a well-formed response to the same ID, or stays silent; it never
 * throws. Inputs: arbitrary bytes, and real queries with bytes flipped, cut or appended.
 */
class DnsblResponderFuzzTest {

    private static DnsblResponder responder;
    private static byte[] query;

    @BeforeContainer
    static void compile() throws Exception {
        PolicySnapshot snapshot = PolicySnapshot.fromBytes(DnsblResponderTest.bytes(DnsblFixture.lists(1).build()));
        responder = new DnsblResponder(ZoneSettings.defaults(Name.fromString("bl.example.org.")), () -> snapshot);
        query = Message.newQuery(Record.newRecord(Name.fromString(QueryNames.of(DnsblFixture.BLOCKED_IPV6, "r",
                "bl.example.org") + "."), Type.TXT, DClass.IN)).toWire();
    }

    @Property(tries = 3000)
    void arbitraryBytesNeverBreakTheResponder(@ForAll("packets") byte[] packet) throws Exception {
        for (DnsblResponder.Transport transport : DnsblResponder.Transport.values()) {
            byte[] answer = responder.respond(ByteBuffer.wrap(packet), transport);
            if (answer == null) {
                assertTrue(packet.length < 12 || (packet[2] & 0x80) != 0, "silence only for fragments and responses");
                continue;
            }
            Message m = new Message(answer);
            assertTrue(m.getHeader().getFlag(Flags.QR));
            assertEquals(((packet[0] & 0xFF) << 8) | (packet[1] & 0xFF), m.getHeader().getID());
            if (transport == DnsblResponder.Transport.UDP) {
                assertTrue(answer.length <= DnsblResponder.EDNS_PAYLOAD);
            }
        }
    }

    @Provide
    Arbitrary<byte[]> packets() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 3),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40)).as((at, value, how, tail) -> {
                    byte[] b = query.clone();
                    switch (how) {
                        case 0 -> b[at % b.length] = (byte) (int) value; // one byte changed
                        case 1 -> b = java.util.Arrays.copyOf(b, at % b.length); // cut short
                        case 2 -> { // appended garbage
                            b = java.util.Arrays.copyOf(b, b.length + tail.length);
                            System.arraycopy(tail, 0, b, query.length, tail.length);
                        }
                        default -> { // a count in the header changed
                            b[4 + (at % 8)] = (byte) (int) value;
                        }
                    }
                    return b;
                });
        return Arbitraries.oneOf(random, mutated);
    }
}
