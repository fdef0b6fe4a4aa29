package dev.sponge.tenancy;

import java.util.regex.Pattern;

/**
 * The tenant that owns the data a request reads or writes. It only ever comes from the
 * caller's token, never from request parameters, and is the first part of every partition
 * key.
 *
 * @param id validated tenant id
 */
public record Tenant(String id) {

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

	public Tenant {
		if (!isValid(id)) {
			throw new IllegalArgumentException("Invalid tenant id");
		}
	}

	/**
	 * Tenant ids are 1-64 characters of letters, digits, {@code _ . -}, starting
	 * alphanumeric.
	 */
	public static boolean isValid(String id) {
		return id != null && VALID.matcher(id).matches();
	}

}
