/**
 * The embedded engine: {@link org.kvlab.store.KvStore} and its builder; everything behind them is package-private.
 */
module org.kvlab.store {
    requires transitive org.kvlab.api;
    requires jdk.jfr;

    exports org.kvlab.store;
}
