/**
 * The {@code montage} command line: {@link dev.montage.cli.MontageCommand} with the subcommands
 * {@link dev.montage.cli.RenderCommand render}, {@link dev.montage.cli.ProbeCommand probe} and
 * {@link dev.montage.cli.DemoCommand demo}, built on picocli. Each failure of the library becomes
 * one line on standard error and a documented exit code, and Ctrl-C cancels a render cleanly.
 * Everything else in the package (argument parsers, progress display, error reporting) is
 * package-private.
 */
@NullMarked
package dev.montage.cli;

import org.jspecify.annotations.NullMarked;
