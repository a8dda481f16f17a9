/**
 * {@link org.kvlab.server.KvServer}: a {@link org.kvlab.api.KeyValueStore} served over the Redis protocol on a
 * transport chosen by name through the {@link org.kvlab.spi} service-provider interface, with its run-time
 * {@link org.kvlab.server.ServerSettings}.
 */
package org.kvlab.server;
