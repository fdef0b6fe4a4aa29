package dev.sponge.promql;

/** The types of PromQL values, named as Prometheus names them in its answers. */
public enum ValueType {

	SCALAR("scalar"), VECTOR("vector"), MATRIX("matrix"), STRING("string");

	private final String wireName;

	ValueType(String wireName) {
		this.wireName = wireName;
	}

	/** The name in Prometheus' {@code resultType} and its error messages. */
	public String wireName() {
		return this.wireName;
	}

}
