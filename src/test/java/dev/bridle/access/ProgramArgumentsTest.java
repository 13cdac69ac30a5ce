package dev.bridle.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProgramArgumentsTest {

    /** Every program a rule could name: the forms below are refused even so. */
    private static final Set<String> NAMED = Set.of("find", "git", "awk", "gawk", "mawk", "sed", "tar", "zip",
            "rsync", "ls");

    static Stream<Arguments> refusedEvenWhenNamed() {
        return Stream.of(
                Arguments.of("find . -exec cat '{}' \\;", "runs a program"),
                Arguments.of("find . -execdir sh -c x \\;", "runs a program"),
                Arguments.of("find . -ok rm '{}' +", "runs a program"),
                Arguments.of("find . -okdir rm '{}' \\;", "runs a program"),
                Arguments.of("find . -fprint /tmp/x", "writes a file"),
                Arguments.of("find . -fprint0 x", "writes a file"),
                Arguments.of("find . -fprintf x %p", "writes a file"),
                Arguments.of("find . -fls x", "writes a file"),
                Arguments.of("find . -delete", "deletes files"),
                Arguments.of("git -c alias.x=!cat x", "git option -c"),
                Arguments.of("git -calias.x=!cat x", "git option -calias"),
                Arguments.of("git --config-env=core.pager=X log", "--config-env"),
                Arguments.of("git --exec-path=/tmp status", "--exec-path"),
                Arguments.of("git -C .. status", "git option -C"),
                Arguments.of("git --git-dir=../x/.git log", "--git-dir"),
                Arguments.of("git --work-tree=.. status", "--work-tree"),
                Arguments.of("git x", "git x is not a built-in"),
                Arguments.of("git config alias.x '!sh'", "git config is not a built-in"),
                Arguments.of("git config core.hooksPath /tmp", "git config"),
                Arguments.of("git hook run pre-commit", "git hook"),
                Arguments.of("git submodule update", "git submodule"),
                Arguments.of("git bisect run make", "git bisect"),
                Arguments.of("git fetch ext::sh", "git fetch"),
                Arguments.of("git diff --ext-diff", "runs a program"),
                Arguments.of("git log --textconv", "runs a program"),
                Arguments.of("git grep -Ovi x", "runs a program"),
                Arguments.of("git grep --open-files-in-pager=vi x", "runs a program"),
                Arguments.of("git archive --remote=x --exec=sh HEAD", "runs a program"),
                Arguments.of("git commit --exec=sh", "runs a program"),
                Arguments.of("awk 'BEGIN{system(\"id\")}'", "'system'"),
                Arguments.of("awk '{print | \"sh\"}' f", "'|'"),
                Arguments.of("awk '{print > \"/tmp/x\"}' f", "'>'"),
                Arguments.of("awk 'BEGIN{getline l < \"/x\"; print l}'", "'getline'"),
                Arguments.of("awk 'BEGIN{ARGV[1]=\"/etc/passwd\"; ARGC=2} {print}'", "'ARGV'"),
                Arguments.of("awk 'BEGIN{print ENVIRON[\"HOME\"]}'", "'ENVIRON'"),
                Arguments.of("gawk '@load \"filefuncs\"'", "'@'"),
                Arguments.of("awk -f prog.awk f", "awk option -f"),
                Arguments.of("gawk -E prog.awk", "awk option -E"),
                Arguments.of("gawk -l filefuncs 1", "awk option -l"),
                Arguments.of("gawk -i inc 1", "awk option -i"),
                Arguments.of("gawk -e 'BEGIN{system(\"x\")}'", "'system'"),
                Arguments.of("mawk", "awk without a program"),
                Arguments.of("sed 1e\\ id f", "'e' runs a program"),
                Arguments.of("sed -n '1!G;h;$e id' f", "'e' runs a program"),
                Arguments.of("sed 's/a/b/e' f", "'e' flag"),
                Arguments.of("sed 's/a/b/gw /tmp/x' f", "'w' flag"),
                Arguments.of("sed 's|a|b|w out' f", "'w' flag"),
                Arguments.of("sed 'w /tmp/x' f", "'w' writes a file"),
                Arguments.of("sed '1W out' f", "'W' writes a file"),
                Arguments.of("sed '/x/r /etc/passwd' f", "'r' reads"),
                Arguments.of("sed '$R /etc/passwd' f", "'R' reads"),
                Arguments.of("sed -e p -e 'w x' f", "'w' writes"),
                Arguments.of("sed --expression='1e id' f", "'e' runs"),
                Arguments.of("sed --expr='1e id' f", "'e' runs"),
                Arguments.of("sed p -e '1e id' f", "'e' runs"),
                Arguments.of("sed -f script.sed f", "sed option -f"),
                Arguments.of("sed --file=script.sed f", "sed option --file"),
                Arguments.of("sed -i'../bak/*' s/a/b/ f", "backup suffix"),
                Arguments.of("sed 's/a\\/b/c/;e' f", "'e' runs"),
                Arguments.of("sed '{p;e id\n}' f", "'e' runs"),
                Arguments.of("sed 'y/abc/xyz/;w out' f", "'w' writes"),
                Arguments.of("tar --checkpoint=1 --checkpoint-action=exec=id -cf x.tar d", "runs a program"),
                Arguments.of("tar --checkpoint-act=exec=id -cf x.tar d", "runs a program"),
                Arguments.of("tar --to-command=sh -xf x.tar", "runs a program"),
                Arguments.of("tar -I sh -cf x.tar d", "runs a program"),
                Arguments.of("tar -cIsh -f x.tar d", "runs a program"),
                Arguments.of("tar cIf sh x.tar d", "runs a program"),
                Arguments.of("tar --use-compress-program=sh -cf x.tar d", "runs a program"),
                Arguments.of("tar --use-comp=sh -cf x.tar d", "runs a program"),
                Arguments.of("tar --rsh-command=/bin/sh -cf h:x d", "runs a program"),
                Arguments.of("tar -F ./s -cf x.tar d", "runs a program"),
                Arguments.of("tar --info-script=./s -cf x.tar d", "runs a program"),
                Arguments.of("tar --new-volume-script=./s -cf x.tar d", "runs a program"),
                Arguments.of("zip -TT 'sh -c id' x.zip f", "runs a program"),
                Arguments.of("zip --unzip-command='sh -c id' -T x.zip f", "runs a program"),
                Arguments.of("rsync -e 'sh -c id' a b:c", "chooses the program"),
                Arguments.of("rsync -ave sh a b:c", "chooses the program"),
                Arguments.of("rsync --rsh=sh a b:c", "chooses the program"),
                Arguments.of("rsync --rsync-path='sh -c id' a b:c", "chooses the program"),
                Arguments.of("ls/../../../usr/bin/python3 -c x", "climbs"),
                Arguments.of("./ls/../x", "climbs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedEvenWhenNamed")
    void dangerousFormsAreRefusedEvenWhenARuleNamesTheProgram(String line, String reason) {
        ShellCommand parsed = ShellCommand.parse(line, NAMED);
        assertThat(parsed).as(line).isInstanceOfSatisfying(ShellCommand.Refused.class,
                r -> assertThat(r.reason()).contains(reason));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "find docs -name '*.md'", "find . -type f -print", "git status", "git log --oneline -n 5",
        "git --no-pager diff HEAD~1", "git commit -m 'x'", "git", "git --version", "awk '{print $1}' f",
        "awk -F: -v n=1 '$1 == n {print}' f", "mawk -- '{print}' f", "sed -n '1,5p' f", "sed 's/a/b/g' f",
        "sed -E -e 's/(a)/\\1/2' -e '/x/d' f", "sed -i 's/a/b/' f", "sed 's|a|b|;$a tail' f", "sed '1!G;h;$!d' f",
        "sed -n '/start/,/end/{p;q}' f", "tar -cf x.tar docs", "tar xzf x.tgz", "tar -tvf x.tar",
        "zip -r x.zip docs", "rsync -av a/ b/"})
    void plainFormsOfNamedProgramsPass(String line) {
        assertThat(ShellCommand.parse(line, NAMED)).as(line).isInstanceOf(ShellCommand.Simple.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "find .", "git status", "awk 1 f", "sed p f", "tar -tf x.tar", "zip x.zip f", "rsync a b",
        "python3 -c 1", "python3.12 x.py", "perl -e 1", "ruby x", "node x.js", "php x", "lua5.4 x", "tclsh x",
        "Rscript x", "java -jar x", "jshell", "osascript -e x", "make", "make -f x", "ssh h id", "scp a h:b",
        "vi f", "vim f", "nvim f", "emacs f", "less f", "more f", "man ls", "xargs rm", "env ls", "ed f",
        "/lib64/ld-linux-x86-64.so.2 /bin/sh"})
    void programsThatRunProgramsNeedARuleThatNamesThem(String line) {
        assertThat(ShellCommand.parse(line, Set.of())).as(line).isInstanceOfSatisfying(ShellCommand.Refused.class,
                r -> assertThat(r.reason()).contains("only allowed when a rule names it"));
    }

    @Test
    void aNamedRunnerPassesTheAnalysisAndIsLeftToTheSandbox() {
        assertThat(ShellCommand.parse("python3 -c 'print(1)'", Set.of("python3"))).isInstanceOf(
                ShellCommand.Simple.class);
        assertThat(ShellCommand.parse("make test", Set.of("make"))).isInstanceOf(ShellCommand.Simple.class);
    }

    @Test
    void scriptsAndSubcommandsAreNotPaths() {
        assertThat(ProgramArguments.analyse(List.of("sed", "-n", "s/a/b/p", "docs/x"), NAMED).notPaths())
                .containsExactly(2);
        assertThat(ProgramArguments.analyse(List.of("sed", "-e", "s/a/b/", "-e", "p", "f"), NAMED).notPaths())
                .contains(2, 4).doesNotContain(5);
        assertThat(ProgramArguments.analyse(List.of("awk", "-F", "/", "{print}", "f"), NAMED).notPaths())
                .contains(2, 3).doesNotContain(4);
        assertThat(ProgramArguments.analyse(List.of("git", "log", "docs"), NAMED).notPaths()).containsExactly(1);
    }

    @Test
    void sedInPlaceIsReportedAsAWriteOfItsFiles() {
        assertThat(ProgramArguments.analyse(List.of("sed", "-i", "s/a/b/", "f"), NAMED).writesInPlace()).isTrue();
        assertThat(ProgramArguments.analyse(List.of("sed", "s/a/b/", "-ni.bak", "f"), NAMED).writesInPlace())
                .isTrue();
        assertThat(ProgramArguments.analyse(List.of("sed", "--in-place", "p", "f"), NAMED).writesInPlace()).isTrue();
        assertThat(ProgramArguments.analyse(List.of("sed", "p", "f"), NAMED).writesInPlace()).isFalse();
    }
}
