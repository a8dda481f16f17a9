"""bin/kv-server's JVM options, read from bin/lib/server-java-opts, the one place they are written: the bench scripts
start kv-server with them, as bin/kv-server and kv-bench's profile do."""
import os

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bin', 'lib', 'server-java-opts')) as f:
    SERVER_JAVA_OPTS = f.readline().split()
