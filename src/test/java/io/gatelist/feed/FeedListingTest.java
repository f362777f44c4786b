package io.gatelist.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatelist.policy.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedListingTest {

    private static FeedRange range(String value, boolean excluded, int line) {
        List<IpPrefix> blocks = FeedValues.check("value", value).prefixes();
        IpPrefix first = blocks.get(0);
        IpPrefix last = blocks.get(blocks.size() - 1);
        return new FeedRange(first.family(), first.high(), first.low(), last.family() == 4 ? 0 : last.endHigh(),
                last.endLow(), excluded, value,
                null, line);
    }

    @Test
    void hostsAndBlocksPassThroughWhenNothingIsExcluded() {
        assertEquals(List.of("80.82.77.33", "80.82.78.0/24", "2001:4860:4860::8888"), FeedListing.describe(List.of(
                range("80.82.77.33", false, 1), range("80.82.78.0/24", false, 2),
                range("2001:4860:4860::8888/128", false, 3))));
    }

    @Test
    void exclusionsAreCutOutOfEveryListedRangeOfTheirFeed() {
        List<FeedRange> feed = new ArrayList<>(List.of(range("10.0.0.0/29", false, 1), range("10.0.0.2", true, 2),
                range("10.0.0.4-10.0.0.5", true, 3), range("2001:db8::/126", false, 4), range("2001:db8::/127", true, 5)));
        assertEquals(List.of("10.0.0.0/31", "10.0.0.3", "10.0.0.6/31", "2001:db8::2/127"), FeedListing.describe(feed));
        assertEquals(List.of(), FeedListing.describe(List.of(range("10.0.0.0/24", false, 1),
                range("10.0.0.0/16", true, 2))), "an exclusion wider than the listing removes it");
        assertEquals(List.of("255.255.255.254"), FeedListing.describe(List.of(
                range("255.255.255.254/31", false, 1), range("255.255.255.255", true, 2))));
    }
}
