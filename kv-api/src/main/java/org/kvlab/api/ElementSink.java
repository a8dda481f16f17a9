package org.kvlab.api;

/**
 * Receives a range of a collection's elements where they lie in the store, without a copy of each: how a server
 * writes a large range straight into its reply ({@link Lists#range(byte[], long, long, ElementSink)}). Called while
 * the store holds the key's lock, on the caller's thread: it must be quick, must not keep the arrays it is handed
 * and must not call the store.
 */
public interface ElementSink {

    /** Called once, first, with how many elements follow (0 for an empty range or an absent key). */
    void count(int elements);

    /** Receives the next element: {@code length} bytes of {@code array} from {@code offset}, valid during the call. */
    void element(byte[] array, int offset, int length);

    /** Receives the next element, held as an integer: its decimal digits are the element. */
    void element(long value);
}
