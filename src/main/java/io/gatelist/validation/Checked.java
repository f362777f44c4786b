package io.gatelist.validation;

import io.gatelist.finding.Finding;
import io.gatelist.finding.Severity;
import java.util.List;

/** What every validator returns besides its value: the findings, in the order found. */
public interface Checked {

    /** Every finding: errors, warnings and infos. */
    List<Finding> findings();

    /** True when an error-level finding rejects the value. */
    default boolean hasErrors() {
        for (Finding f : findings()) {
            if (f.severity() == Severity.ERROR) {
                return true;
            }
        }
        return false;
    }
}
