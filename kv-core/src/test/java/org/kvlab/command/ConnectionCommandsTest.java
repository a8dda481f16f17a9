package org.kvlab.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kvlab.command.Replies.NIL;
import static org.kvlab.command.Replies.NOT_INTEGER;
import static org.kvlab.command.Replies.OK;
import static org.kvlab.command.Replies.SYNTAX;
import static org.kvlab.command.Replies.bulk;
import static org.kvlab.command.Replies.error;
import static org.kvlab.command.Replies.integer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kvlab.server.ServerSettings;

final class ConnectionCommandsTest {

    private static final String NOAUTH = error("NOAUTH Authentication required.");
    private static final String WRONGPASS = error("WRONGPASS invalid username-password pair or user is disabled.");

    private final Wire wire = new Wire();
    private final Wire.Client c = wire.connect();

    @AfterEach
    void close() {
        wire.close();
    }

    @Test
    void unknownCommand_quotesNameAndFirstArguments() {
        assertEquals(error("ERR unknown command 'FOO', with args beginning with: 'a' 'b' "), c.call("FOO", "a", "b"));
        assertEquals(error("ERR unknown command 'foo', with args beginning with: "), c.call("foo"));
    }

    @Test
    void unknownCommand_argumentsAreCutAt128Bytes() {
        String longArg = "x".repeat(200);
        assertEquals(error("ERR unknown command 'nope', with args beginning with: '" + "x".repeat(128) + "' "),
                c.call("nope", longArg, "more"));
    }

    @Test
    void commandNames_areCaseInsensitive() {
        assertEquals(OK, c.call("sEt", "k", "v"));
        assertEquals(bulk("v"), c.call("GeT", "k"));
    }

    @Test
    void wrongArity_namesTheCommandInLowerCase() {
        assertEquals(error("ERR wrong number of arguments for 'get' command"), c.call("GET"));
        assertEquals(error("ERR wrong number of arguments for 'get' command"), c.call("GET", "a", "b"));
    }

    @Test
    void ping_repliesPongOrMessage() {
        assertEquals("+PONG\r\n", c.call("PING"));
        assertEquals(bulk("hi"), c.call("PING", "hi"));
        assertEquals(error("ERR wrong number of arguments for 'ping' command"), c.call("PING", "a", "b"));
    }

    @Test
    void inlineCommands_work() {
        assertEquals("+PONG\r\n", c.raw("PING\r\n"));
        assertEquals(OK + bulk("v"), c.raw("SET k v\r\nGET k\r\n"));
    }

    @Test
    void echo_returnsArgument() {
        assertEquals(bulk("hello"), c.call("ECHO", "hello"));
    }

    @Test
    void quit_repliesOkAndClosesIgnoringTheRest() {
        assertEquals(OK, c.raw("*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n"));
        assertTrue(c.isClosed());
    }

    @Test
    void select_switchesDatabase() {
        c.call("SET", "k", "0");
        assertEquals(OK, c.call("SELECT", "15"));
        assertEquals(NIL, c.call("GET", "k"));
        c.call("SET", "k", "15");
        c.call("SELECT", "0");
        assertEquals(bulk("0"), c.call("GET", "k"));
        assertEquals(error("ERR DB index is out of range"), c.call("SELECT", "16"));
        assertEquals(error("ERR DB index is out of range"), c.call("SELECT", "-1"));
        assertEquals(NOT_INTEGER, c.call("SELECT", "x"));
    }

    @Test
    void hello3_switchesToResp3() {
        String reply = c.call("HELLO", "3");
        assertTrue(reply.startsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n"), reply);
        assertTrue(reply.contains("$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:1\r\n"), reply);
        assertTrue(reply.endsWith("$7\r\nmodules\r\n*0\r\n"), reply);
        assertEquals("_\r\n", c.call("GET", "missing"));
        c.call("HELLO", "2");
        assertEquals(NIL, c.call("GET", "missing"));
    }

    @Test
    void hello_withoutVersion_repliesInCurrentProtocol() {
        String reply = c.call("HELLO");
        assertTrue(reply.startsWith("*14\r\n"), reply);
        assertTrue(reply.contains("$5\r\nproto\r\n:2\r\n"), reply);
    }

    @Test
    void hello_badArguments_areRejected() {
        assertEquals(error("NOPROTO unsupported protocol version"), c.call("HELLO", "4"));
        assertEquals(error("ERR Protocol version is not an integer or out of range"), c.call("HELLO", "x"));
        assertEquals(error("ERR Syntax error in HELLO option 'foo'"), c.call("HELLO", "3", "foo"));
        assertEquals(NIL, c.call("GET", "k"));
    }

    @Test
    void hello_setname_namesTheClient() {
        c.call("HELLO", "2", "SETNAME", "worker");
        assertEquals(bulk("worker"), c.call("CLIENT", "GETNAME"));
    }

    @Test
    void auth_withoutPasswordConfigured_isAnError() {
        assertEquals(error("ERR AUTH <password> called without any password configured for the default user. "
                + "Are you sure your configuration is correct?"), c.call("AUTH", "pw"));
        assertEquals(OK, c.call("AUTH", "default", "anything"));
        assertEquals(WRONGPASS, c.call("AUTH", "someone", "pw"));
        assertEquals(SYNTAX, c.call("AUTH", "a", "b", "c"));
    }

    @Test
    void requirepass_gatesCommandsUntilAuth() {
        try (Wire secured = new Wire(new ServerSettings().requirePass("secret"))) {
            Wire.Client s = secured.connect();
            assertEquals(NOAUTH, s.call("GET", "k"));
            assertEquals(NOAUTH, s.call("PING"));
            assertEquals(WRONGPASS, s.call("AUTH", "wrong"));
            assertEquals(OK, s.call("AUTH", "secret"));
            assertEquals(NIL, s.call("GET", "k"));
            assertEquals("+RESET\r\n", s.call("RESET"));
            assertEquals(NOAUTH, s.call("GET", "k"));
            assertEquals(OK, s.call("AUTH", "default", "secret"));
            assertEquals("+PONG\r\n", s.call("PING"));
        }
    }

    @Test
    void hello_withAuth_authenticates_withoutIsRefused() {
        try (Wire secured = new Wire(new ServerSettings().requirePass("secret"))) {
            Wire.Client s = secured.connect();
            assertTrue(s.call("HELLO", "3").startsWith("-NOAUTH HELLO must be called with the client already"));
            assertEquals(WRONGPASS, s.call("HELLO", "3", "AUTH", "default", "bad"));
            assertTrue(s.call("HELLO", "3", "AUTH", "default", "secret").startsWith("%7\r\n"));
            assertEquals("_\r\n", s.call("GET", "k"));
        }
    }

    @Test
    void client_idAndNames() {
        assertEquals(integer(1), c.call("CLIENT", "ID"));
        assertEquals(NIL, c.call("CLIENT", "GETNAME"));
        assertEquals(OK, c.call("CLIENT", "SETNAME", "app-1"));
        assertEquals(bulk("app-1"), c.call("client", "getname"));
        assertEquals(error("ERR Client names cannot contain spaces, newlines or special characters."),
                c.call("CLIENT", "SETNAME", "a b"));
        assertEquals(OK, c.call("CLIENT", "SETNAME", ""));
        assertEquals(NIL, c.call("CLIENT", "GETNAME"));
        assertEquals(error("ERR wrong number of arguments for 'client|setname' command"),
                c.call("CLIENT", "SETNAME"));
        assertEquals(error("ERR unknown subcommand 'foo'. Try CLIENT HELP."), c.call("CLIENT", "foo"));
    }

    @Test
    void client_listAndInfo_describeConnections() {
        Wire.Client other = wire.connect();
        other.call("CLIENT", "SETNAME", "other");
        other.call("SELECT", "2");
        String list = c.call("CLIENT", "LIST");
        assertTrue(list.contains("id=1 addr=127.0.0.1:40001 laddr=127.0.0.1:6399 fd=-1 name= "), list);
        assertTrue(list.contains("id=2 addr=127.0.0.1:40002 laddr=127.0.0.1:6399 fd=-1 name=other "), list);
        assertTrue(list.contains(" db=2 "), list);
        assertTrue(list.matches("(?s).*id=1 [^\n]* cmd=client\\|list .*"), list); // the subcommand, as Redis 7
        assertTrue(list.matches("(?s).*id=2 [^\n]* cmd=select .*"), list);
        String onlyTwo = c.call("CLIENT", "LIST", "ID", "2");
        assertFalse(onlyTwo.contains("id=1 "), onlyTwo);
        String info = other.call("CLIENT", "INFO");
        assertTrue(info.startsWith("$") && info.contains("id=2 ") && info.endsWith("\n\r\n"), info);
    }

    @Test
    void client_list_reportsTheUnfinishedCommandAsQbufAndUnwrittenOutputAsOmem() {
        Wire.Client other = wire.connect();
        String partial = "*2\r\n$3\r\nGET\r\n$5\r\nhel";
        assertEquals("", other.raw(partial));
        other.unwritten(4096);
        String line = c.call("CLIENT", "LIST", "ID", "2");
        assertTrue(line.contains(" qbuf=" + partial.length() + " qbuf-free=2 "), "5 bytes allocated, 3 in: " + line);
        assertTrue(line.contains(" oll=1 omem=4096 "), line);
        assertTrue(line.contains(" tot-mem=" + (partial.length() + 2 + 4096) + " "), line);
        assertEquals("$-1\r\n", other.raw("lo\r\n"));
        other.unwritten(0);
        line = c.call("CLIENT", "LIST", "ID", "2");
        assertTrue(line.contains(" qbuf=0 ") && line.contains(" omem=0 ") && line.contains(" tot-mem=0 "), line);
    }

    @Test
    void client_setinfo_recordsLibrary() {
        assertEquals(OK, c.call("CLIENT", "SETINFO", "LIB-NAME", "jedis"));
        assertEquals(OK, c.call("CLIENT", "SETINFO", "lib-ver", "7.2.1"));
        assertTrue(c.call("CLIENT", "INFO").contains("lib-name=jedis lib-ver=7.2.1"));
        assertEquals(error("ERR Unrecognized option 'foo'"), c.call("CLIENT", "SETINFO", "foo", "x"));
    }

    @Test
    void client_killById_closesThatConnection() {
        Wire.Client victim = wire.connect();
        assertEquals(integer(1), c.call("CLIENT", "KILL", "ID", "2"));
        assertTrue(victim.isClosed());
        assertEquals(integer(0), c.call("CLIENT", "KILL", "ID", "1"));
        assertFalse(c.isClosed());
        assertEquals(error("ERR client-id should be greater than 0"), c.call("CLIENT", "KILL", "ID", "x"));
        assertEquals(SYNTAX, c.call("CLIENT", "KILL", "ID", "2", "SKIPME"));
        assertEquals(SYNTAX, c.call("CLIENT", "KILL", "ID", "2", "SKIPME", "maybe"));
    }

    @Test
    void client_killByAddress_oldAndNewForms() {
        Wire.Client a = wire.connect();
        Wire.Client b = wire.connect();
        assertEquals(OK, c.call("CLIENT", "KILL", "127.0.0.1:40002"));
        assertTrue(a.isClosed());
        assertEquals(integer(1), c.call("CLIENT", "KILL", "ADDR", "127.0.0.1:40003"));
        assertTrue(b.isClosed());
        assertEquals(error("ERR No such client"), c.call("CLIENT", "KILL", "10.0.0.1:1"));
    }

    @Test
    void client_disconnected_leavesTheList() {
        Wire.Client other = wire.connect();
        other.disconnect();
        assertFalse(c.call("CLIENT", "LIST").contains("id=2 "));
    }

    @Test
    void reset_restoresDefaults() {
        c.call("HELLO", "3");
        c.call("SELECT", "4");
        c.call("CLIENT", "SETNAME", "n");
        assertEquals("+RESET\r\n", c.call("RESET"));
        assertEquals(NIL, c.call("CLIENT", "GETNAME"));
        assertTrue(c.call("CLIENT", "INFO").contains(" db=0 "));
    }
}
