/** The {@code kv-server} command line: {@link org.kvlab.server.cli.KvServerMain}. */
package org.kvlab.server.cli;
