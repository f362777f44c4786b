package io.gatelist.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatelist.lookup.Step;
import io.gatelist.policy.IpPrefix;
import io.gatelist.snapshot.SnapshotBuilder;
import io.gatelist.snapshot.SnapshotPublisher;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A running {@code serve-dns} process follows the published snapshot: new lists renamed over the file are
 * served without restarting it, while clients keep asking, and not one query goes unanswered or gets an answer
 * from neither snapshot.
 */
class ServeDnsHotSwapTest {

    static final String ZONE = "bl.example.org";
    /** Not listed in odd revisions, blocked in even ones. */
    static final String TRACKED = DnsblFixture.NOT_LISTED;

    @TempDir
    Path dir;

    static SnapshotBuilder revision(long n) {
        SnapshotBuilder lists = DnsblFixture.lists(n);
        if (n % 2 == 0) {
            lists.addIpEntry(Step.BLOCKED_IP, IpPrefix.ipv4(0xC0000263, 32), "hot.csv", (int) n); // 192.0.2.99
        }
        return lists;
    }

    /** What one client saw. */
    static final class Client implements Runnable {
        final SimpleResolver resolver;
        final AtomicBoolean stop;
        final AtomicLong answered = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();
        final AtomicInteger flips = new AtomicInteger();
        volatile boolean trackedListed;
        final List<String> problems = new ArrayList<>();

        Client(InetSocketAddress server, AtomicBoolean stop) {
            this.resolver = new SimpleResolver(server);
            this.resolver.setTimeout(Duration.ofSeconds(5));
            this.stop = stop;
        }

        @Override
        public void run() {
            boolean last = false;
            for (long i = 0; !stop.get() && i < 2_000_000; i++) {
                boolean tracked = i % 2 == 0;
                String ip = tracked ? TRACKED : DnsblFixture.BLOCKED_IP;
                Message response;
                try {
                    response = resolver.send(Message.newQuery(Record.newRecord(
                            Name.fromString(QueryNames.of(ip, "r", ZONE) + "."), Type.A, DClass.IN)));
                } catch (Exception e) {
                    unanswered.incrementAndGet();
                    problem("no answer for " + ip + ": " + e);
                    continue;
                }
                answered.incrementAndGet();
                boolean listed = response.getRcode() == Rcode.NOERROR
                        && response.getSection(Section.ANSWER).size() == 1
                        && ((ARecord) response.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress()
                                .equals("127.0.0.2");
                boolean unlisted = response.getRcode() == Rcode.NXDOMAIN;
                if (!tracked) {
                    if (!listed) {
                        wrong.incrementAndGet(); // listed in every revision
                        problem("control address not listed: " + response);
                    }
                    continue;
                }
                if (!listed && !unlisted) {
                    wrong.incrementAndGet();
                    problem("neither answer: " + response);
                }
                if (listed != last) {
                    flips.incrementAndGet();
                    last = listed;
                }
                trackedListed = listed;
            }
        }

        private void problem(String what) {
            synchronized (problems) {
                if (problems.size() < 5) {
                    problems.add(what);
                }
            }
        }
    }

    @Test
    void newSnapshotsAreServedWithoutDroppingAQuery() throws Exception {
        Path snapshot = dir.resolve("current.bin");
        SnapshotPublisher.publish(revision(1).build(), snapshot);
        try (ServeDnsProcess server = ServeDnsProcess.start(dir, snapshot, ZONE, "--reload-interval", "100")) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Client> clients = List.of(new Client(server.address(), stop), new Client(server.address(), stop));
            List<Thread> threads = clients.stream().map(c -> new Thread(c, "dns-client")).toList();
            threads.forEach(Thread::start);
            try {
                awaitAnswers(clients, 200);
                for (long n = 2; n <= 5; n++) {
                    long published = System.nanoTime();
                    SnapshotPublisher.publish(revision(n).build(), snapshot);
                    boolean listed = n % 2 == 0;
                    for (Client c : clients) {
                        awaitTracked(c, listed);
                    }
                    System.out.printf("revision %d served %d ms after its rename%n", n,
                            (System.nanoTime() - published) / 1_000_000);
                    awaitAnswers(clients, 100); // keep asking under the new snapshot for a while
                }
            } finally {
                stop.set(true);
                for (Thread t : threads) {
                    t.join();
                }
            }
            long answered = 0;
            for (Client c : clients) {
                assertEquals(0, c.unanswered.get(), "unanswered queries: " + c.problems);
                assertEquals(0, c.wrong.get(), "wrong answers: " + c.problems);
                assertEquals(4, c.flips.get(), "each client saw every swap exactly once");
                answered += c.answered.get();
            }
            assertTrue(answered >= 1000, "queries asked during the swaps: " + answered);
            String err = server.stderr();
            assertTrue(err.contains("now serving snapshot revision 5"), err);
        }
    }

    private static void awaitAnswers(List<Client> clients, long more) throws InterruptedException {
        long[] targets = clients.stream().mapToLong(c -> c.answered.get() + c.unanswered.get() + more).toArray();
        for (int i = 0; i < clients.size(); i++) {
            Client c = clients.get(i);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (c.answered.get() + c.unanswered.get() < targets[i]) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the client stalled: " + c.problems);
                }
                Thread.sleep(5);
            }
        }
    }

    private static void awaitTracked(Client c, boolean listed) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (c.trackedListed != listed) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the new snapshot was never served: " + c.problems);
            }
            Thread.sleep(2);
        }
    }
}
