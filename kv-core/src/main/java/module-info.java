/**
 * The wire path: {@link org.kvlab.server.KvServer}, which serves a store over the Redis protocol on a transport, and
 * {@link org.kvlab.client.KvClient}. The RESP codec ({@code org.kvlab.protocol}) and the command table
 * ({@code org.kvlab.command}) are internal and not exported.
 */
module org.kvlab.core {
    requires transitive org.kvlab.api;
    requires java.management;
    requires jdk.management;
    requires jdk.jfr;

    exports org.kvlab.client;
    exports org.kvlab.server;
}
