package dev.sponge.forkedjvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** TCP port helpers for starting servers on free ports and waiting for them. */
public final class Ports {

	/**
	 * Ports handed out by this JVM, so two servers started back to back never get the
	 * same one.
	 */
	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private Ports() {
	}

	/**
	 * Finds a TCP port that is currently free on the loopback interface and was not
	 * returned before by this JVM. Another process may still grab it before it is used;
	 * keep the gap short.
	 * @return a free port
	 */
	public static int freePort() {
		for (int attempt = 0; attempt < 50; attempt++) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				int port = socket.getLocalPort();
				if (HANDED_OUT.add(port)) {
					return port;
				}
			}
			catch (IOException e) {
				throw new UncheckedIOException("Could not find a free TCP port", e);
			}
		}
		throw new IllegalStateException("Could not find a TCP port not handed out before");
	}

	/**
	 * @param host host name or address
	 * @param port TCP port
	 * @return whether a TCP connection to {@code host:port} succeeds within 500 ms
	 */
	public static boolean isOpen(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

}
