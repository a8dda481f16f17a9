/**
 * The {@link org.kvlab.client.KvClient} conformance suite: abstract tests each transport module runs over its
 * client transport, against a real {@code redis-server} the tests start ({@link
 * org.kvlab.testsuite.client.RedisKvClientTest}) and an in-process kvlab server ({@link
 * org.kvlab.testsuite.client.KvlabKvClientTest}), so the client is shown to work the same over every I/O model and
 * against both servers.
 */
package org.kvlab.testsuite.client;
