package dev.sponge.cassandranode;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Minimal CQL native protocol (v4) client that checks a node really serves CQL: OPTIONS,
 * STARTUP and, with password authentication, a SASL PLAIN login. An open port alone is
 * not enough: with PasswordAuthenticator the default superuser is created shortly after
 * the port opens.
 */
final class CqlProbe {

	private static final int VERSION = 0x04;

	private static final int ERROR = 0x00;

	private static final int STARTUP = 0x01;

	private static final int READY = 0x02;

	private static final int AUTHENTICATE = 0x03;

	private static final int OPTIONS = 0x05;

	private static final int SUPPORTED = 0x06;

	private static final int AUTH_RESPONSE = 0x0F;

	private static final int AUTH_SUCCESS = 0x10;

	private CqlProbe() {
	}

	/**
	 * @param username user to log in with when the node asks for authentication, or null
	 * @param password its password
	 * @return whether a CQL session could be established
	 */
	static boolean sessionWorks(InetSocketAddress address, String username, String password) {
		try (Socket socket = new Socket()) {
			socket.connect(address, 1000);
			socket.setSoTimeout(5000);
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			DataInputStream in = new DataInputStream(socket.getInputStream());
			if (request(out, in, OPTIONS, new byte[0]) != SUPPORTED) {
				return false;
			}
			int opcode = request(out, in, STARTUP, startupBody());
			if (opcode == AUTHENTICATE && username != null) {
				byte[] token = ("\0" + username + "\0" + password).getBytes(StandardCharsets.UTF_8);
				byte[] body = new byte[4 + token.length];
				writeInt(body, token.length);
				System.arraycopy(token, 0, body, 4, token.length);
				return request(out, in, AUTH_RESPONSE, body) == AUTH_SUCCESS;
			}
			return opcode == READY;
		}
		catch (IOException e) {
			return false;
		}
	}

	/**
	 * Sends one frame on stream 0 and returns the response's opcode (ERROR for protocol
	 * errors).
	 */
	private static int request(DataOutputStream out, DataInputStream in, int opcode, byte[] body) throws IOException {
		out.writeByte(VERSION);
		out.writeByte(0); // flags
		out.writeShort(0); // stream id
		out.writeByte(opcode);
		out.writeInt(body.length);
		out.write(body);
		out.flush();
		int version = in.readUnsignedByte();
		in.readUnsignedByte(); // flags
		in.readShort(); // stream id
		int responseOpcode = in.readUnsignedByte();
		int length = in.readInt();
		in.readFully(new byte[length]);
		return version == (0x80 | VERSION) ? responseOpcode : ERROR;
	}

	private static byte[] startupBody() {
		byte[] key = "CQL_VERSION".getBytes(StandardCharsets.US_ASCII);
		byte[] value = "3.0.0".getBytes(StandardCharsets.US_ASCII);
		byte[] body = new byte[2 + 2 + key.length + 2 + value.length];
		body[1] = 1; // one entry in the [string map]
		body[3] = (byte) key.length;
		System.arraycopy(key, 0, body, 4, key.length);
		body[5 + key.length] = (byte) value.length;
		System.arraycopy(value, 0, body, 6 + key.length, value.length);
		return body;
	}

	private static void writeInt(byte[] target, int value) {
		target[0] = (byte) (value >>> 24);
		target[1] = (byte) (value >>> 16);
		target[2] = (byte) (value >>> 8);
		target[3] = (byte) value;
	}

}
