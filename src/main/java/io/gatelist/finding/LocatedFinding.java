package io.gatelist.finding;

/**
 * A finding with its place in the file.
 *
 * @param line         the physical line (1-based) where the row or problem begins; 0 for the file as a whole
 * @param columnNumber the 1-based column, or 0 when the finding is about a row or the file
 * @param finding      what was found
 */
public record LocatedFinding(int line, int columnNumber, Finding finding) {
}
