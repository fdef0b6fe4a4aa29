package dev.sponge.ingest;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;

/**
 * What the protobuf ingest protocols (Prometheus remote-write, OpenTelemetry OTLP) check
 * of a decoded message beyond what the parser does.
 */
public final class ProtobufFields {

	private ProtobufFields() {
	}

	/**
	 * Why {@code message} is corrupt, or {@code null}: protobuf keeps a known field sent
	 * with another wire type (or a reserved one) as an unknown field, which is
	 * corruption, not a newer version of the message (whose new fields are ignored).
	 */
	public static String misreadFieldProblem(Message message) {
		if (message.getUnknownFields().getSerializedSize() == 0) {
			return null;
		}
		Descriptor type = message.getDescriptorForType();
		for (int number : message.getUnknownFields().asMap().keySet()) {
			if (type.findFieldByNumber(number) != null || type.isReservedNumber(number)) {
				return "field " + number + " of " + type.getFullName() + " has the wrong wire type or is reserved";
			}
		}
		return null;
	}

}
