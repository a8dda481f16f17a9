/**
 * The embedded engine: {@link org.kvlab.store.KvStore} and its builder; everything behind them is package-private.
 */
module org.kvlab.store {
    requires transitive org.kvlab.api;

    exports org.kvlab.store;
}
