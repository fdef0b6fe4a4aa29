package dev.sponge.promql;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/** Parses PromQL into an {@link Expr}. */
public final class PromQL {

	/** Longest query text accepted, as a guard against pathological input. */
	static final int MAX_LENGTH = 64 * 1024;

	private PromQL() {
	}

	/**
	 * The tree of {@code query}.
	 * @throws PromQLException of kind {@code BAD_DATA} naming line and column of the
	 * first problem, or of kind {@code EXECUTION} for a construct Sponge does not
	 * evaluate
	 */
	public static Expr parse(String query) {
		if (query == null || query.isBlank()) {
			throw new PromQLException(PromQLException.Kind.BAD_DATA, "1:1: parse error: no expression found in input");
		}
		if (query.length() > MAX_LENGTH) {
			throw new PromQLException(PromQLException.Kind.BAD_DATA,
					"the query is longer than " + MAX_LENGTH + " characters");
		}
		PromQLLexer lexer = new PromQLLexer(CharStreams.fromString(query));
		lexer.removeErrorListeners();
		lexer.addErrorListener(Throwing.INSTANCE);
		PromQLParser parser = new PromQLParser(new CommonTokenStream(lexer));
		parser.removeErrorListeners();
		parser.addErrorListener(Throwing.INSTANCE);
		PromQLParser.QueryContext tree = parser.query();
		return new TreeBuilder().visit(tree.expr());
	}

	/** A PromQL duration ({@code 1h30m}, {@code 500ms}) in milliseconds. */
	public static long duration(String text) {
		return Durations.parse(text);
	}

	/** Stops at the first syntax error with Prometheus' form of message. */
	private static final class Throwing extends BaseErrorListener {

		static final Throwing INSTANCE = new Throwing();

		@Override
		public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
				String msg, RecognitionException e) {
			throw PromQLException.parse(line, charPositionInLine, msg);
		}

	}

}
