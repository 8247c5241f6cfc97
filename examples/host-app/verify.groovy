// Run by the Montage build after invoker.properties' builds: each dependency tree holds its own natives.
def tree = { name -> new File(basedir, "trees/tree-" + name + ".txt").text }
def expect = { name, present, absent ->
  def text = tree(name)
  present.each { assert text.contains(it) : "tree-" + name + " lacks " + it + ":\n" + text }
  absent.each { assert !text.contains(it) : "tree-" + name + " has " + it + ":\n" + text }
}
expect("default", ["org.bytedeco:ffmpeg:jar:linux-x86_64:", "org.bytedeco:javacpp:jar:linux-x86_64:"], ["-gpl"])
expect("gpl", ["org.bytedeco:ffmpeg:jar:linux-x86_64-gpl:"], ["ffmpeg:jar:linux-x86_64:"])
expect("macosx-arm64", ["org.bytedeco:ffmpeg:jar:macosx-arm64:", "org.bytedeco:javacpp:jar:macosx-arm64:"], ["linux-x86_64"])
expect("windows-x86_64", ["org.bytedeco:ffmpeg:jar:windows-x86_64:", "org.bytedeco:javacpp:jar:windows-x86_64:"], ["linux-x86_64"])
return true
