package io.gatelist.lookup;

/**
 * The values a range or block of a table may hold, as intervals per kind (the value's top 3 bits): a value
 * {@code v} of kind {@code k} is valid iff {@code v - first[k] < count[k]} unsigned. A table lookup per range
 * instead of a chain of comparisons and branches, for the decoders that check millions of them.
 */
record ValidValues(int[] first, long[] count) {
}
