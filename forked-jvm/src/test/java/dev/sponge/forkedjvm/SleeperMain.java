package dev.sponge.forkedjvm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Child-side fixture: prints its environment and arguments, then serves a port until
 * killed.
 */
public final class SleeperMain {

	private SleeperMain() {
	}

	public static void main(String[] args) throws IOException {
		System.out.println("env=" + System.getenv("SLEEPER_ENV"));
		System.out.println("args=" + String.join(",", args));
		if (args[0].equals("fail")) {
			System.out.println("failing on purpose");
			System.exit(3);
		}
		try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getLoopbackAddress())) {
			while (true) {
				server.accept().close();
			}
		}
	}

}
