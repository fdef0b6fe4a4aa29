package dev.sponge.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read into instructions as BuildKit reads it: comments and parser
 * directives dropped, backslash continuations joined, instructions grouped into build
 * stages.
 *
 * @param instructions every instruction, in order
 */
record Dockerfile(List<Instruction> instructions) {

	static Dockerfile parse(String text) {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		int start = 0;
		String[] lines = text.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
				continue;
			}
			if (current.isEmpty()) {
				start = i + 1;
			}
			if (line.endsWith("\\")) {
				current.append(line, 0, line.length() - 1).append(' ');
				continue;
			}
			current.append(line);
			String instruction = current.toString().strip();
			current.setLength(0);
			if (instruction.isEmpty()) {
				continue;
			}
			int space = instruction.indexOf(' ');
			String keyword = (space < 0) ? instruction : instruction.substring(0, space);
			String arguments = (space < 0) ? "" : instruction.substring(space + 1).strip();
			instructions
				.add(new Instruction(start, keyword.toUpperCase(Locale.ROOT), arguments.replaceAll("\\s+", " ")));
		}
		return new Dockerfile(instructions);
	}

	/** The instructions of each stage, starting with its FROM. */
	List<List<Instruction>> stages() {
		List<List<Instruction>> stages = new ArrayList<>();
		for (Instruction instruction : this.instructions) {
			if (instruction.keyword().equals("FROM")) {
				stages.add(new ArrayList<>());
			}
			if (!stages.isEmpty()) {
				stages.get(stages.size() - 1).add(instruction);
			}
		}
		return stages;
	}

	List<Instruction> finalStage() {
		List<List<Instruction>> stages = stages();
		return stages.isEmpty() ? List.of() : stages.get(stages.size() - 1);
	}

	static List<Instruction> all(List<Instruction> instructions, String keyword) {
		return instructions.stream().filter((i) -> i.keyword().equals(keyword)).toList();
	}

	/**
	 * One instruction.
	 *
	 * @param line where it starts in the file
	 * @param keyword FROM, RUN, COPY, ... (upper case)
	 * @param arguments the rest, continuations joined and whitespace collapsed
	 */
	record Instruction(int line, String keyword, String arguments) {

		boolean isExecForm() {
			return this.arguments.startsWith("[") && this.arguments.endsWith("]");
		}

		/** The words of an exec-form ENTRYPOINT or CMD. */
		List<String> execWords() {
			String inner = this.arguments.substring(1, this.arguments.length() - 1).strip();
			List<String> words = new ArrayList<>();
			for (String word : inner.split("\"\\s*,\\s*\"")) {
				words.add(word.replaceAll("^\"|\"$", ""));
			}
			return words;
		}

		@Override
		public String toString() {
			return "line " + this.line + ": " + this.keyword + " " + this.arguments;
		}

	}

}
