package org.kvlab.client;

/** An end of a list, as {@code LMOVE} and {@code LMPOP} name it: {@code LEFT} is the head, {@code RIGHT} the tail. */
public enum ListEnd {
    /** The head, index 0. */
    LEFT,
    /** The tail, index -1. */
    RIGHT
}
