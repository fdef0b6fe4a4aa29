package dev.sponge.edge;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AddressRangeTest {

	@Test
	void aRangeContainsTheAddressesUnderItsPrefixOnly() throws UnknownHostException {
		AddressRange range = AddressRange.parse("10.20.0.0/14");
		assertThat(range.contains(InetAddress.getByName("10.23.255.1"))).isTrue();
		assertThat(range.contains(InetAddress.getByName("10.24.0.1"))).isFalse();
		assertThat(range.contains(InetAddress.getByName("::1"))).isFalse();
	}

	@Test
	void aBareAddressIsARangeOfOne() throws UnknownHostException {
		assertThat(AddressRange.parse("::1").contains(InetAddress.getByName("0:0:0:0:0:0:0:1"))).isTrue();
		assertThat(AddressRange.parse("::1").contains(InetAddress.getByName("::2"))).isFalse();
		assertThat(AddressRange.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
	}

	@Test
	void hostNamesAndBadPrefixesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("edge.internal"))
			.withMessageContaining("edge.internal");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("10.0.0.0/33"));
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRange.parse("10.0.0.0/x"));
	}

}
