package dev.sponge.security;

import java.util.EnumSet;
import java.util.Set;

/** What a caller may do. ADMIN implies WRITER and READER. */
public enum Role {

	/** Reads points, latest values, series and metric names. */
	READER,

	/** Writes points. */
	WRITER,

	/** Administers the tenant's data (deletes series, sets retention). */
	ADMIN;

	/** The authority Spring Security checks, e.g. {@code ROLE_WRITER}. */
	public String authority() {
		return "ROLE_" + name();
	}

	/** This role and every role it implies. */
	Set<Role> withImplied() {
		return (this == ADMIN) ? EnumSet.allOf(Role.class) : EnumSet.of(this);
	}

}
