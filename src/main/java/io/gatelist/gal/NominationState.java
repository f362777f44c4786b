package io.gatelist.gal;

import java.util.Set;

/**
 * The life of a Global Approved List nomination: NOMINATED → UNDER_REVIEW → APPROVED or REJECTED. A reviewer may
 * decide straight from NOMINATED (taking it into review implicitly); decisions are final.
 */
public enum NominationState {
    NOMINATED,
    UNDER_REVIEW,
    APPROVED,
    REJECTED;

    /** The states a nomination may move to from this one. */
    public Set<NominationState> next() {
        return switch (this) {
            case NOMINATED -> Set.of(UNDER_REVIEW, APPROVED, REJECTED);
            case UNDER_REVIEW -> Set.of(APPROVED, REJECTED);
            case APPROVED, REJECTED -> Set.of();
        };
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
