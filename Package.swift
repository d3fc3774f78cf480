// swift-tools-version:5.9
// The layout: three C wrappers (CBLAS, CPNG, CFreeType), the charts' font as a C array
// (DejaVuFont), the LSTM gate and recurrent-product kernels in C (LSTMKernels), the
// LSTM numerics (LSTMCore; docs/numerics.md says what it computes, docs/performance.md
// how it is kept fast), the charts (Plot; docs/charts.md), the notebook engine
// (LessonEngine) and the thin command-line program (lesson).
import PackageDescription

let package = Package(
    name: "lesson",
    products: [
        .executable(name: "lesson", targets: ["lesson"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // A C target rather than a bare system library: libpng reports errors by
        // longjmp, which Swift cannot catch, so the setjmp lives in C.
        .target(
            name: "CPNG",
            linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z")]
        ),
        // FreeType draws the charts' text (anti-aliased, kerned); pkg-config freetype2.
        .systemLibrary(
            name: "CFreeType",
            pkgConfig: "freetype2",
            providers: [.apt(["libfreetype-dev"])]
        ),
        // DejaVu Sans as a C byte array (tools/embed-font.py writes it): no resource bundle,
        // so the program can be copied anywhere and its charts stay the same everywhere.
        .target(name: "DejaVuFont", exclude: ["LICENSE"]),
        // The LSTM and GRU gate passes in C, compiled for baseline x86-64 and for AVX2 + FMA
        // (chosen at run time); optimised even in debug, like LSTMCore.
        .target(name: "LSTMKernels", cSettings: [.unsafeFlags(["-O2"])]),
        // Files below a folder held by descriptor (openat, O_NOFOLLOW): the result folder's
        // every read, write and removal, so no link inside it is ever followed.
        .target(name: "SafeFiles"),
        .target(
            name: "LSTMCore",
            dependencies: ["CBLAS", "LSTMKernels", "SafeFiles"],
            // Numerics are optimised even in debug builds so that `swift test` runs the
            // learning and end-to-end tests in seconds, not minutes.
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        // Rasterising a 1200×600 chart is per-pixel work: optimised even in debug, like LSTMCore.
        .target(name: "Plot", dependencies: ["CPNG", "CFreeType", "DejaVuFont"], swiftSettings: [.unsafeFlags(["-O"])]),
        // The cell language: lesson files, lexer, parser, values, the interpreter. It knows no
        // numerics and no charts: the engine hands it the table of calls (docs/architecture.md).
        .target(name: "LessonLanguage"),
        .target(name: "LessonEngine", dependencies: ["LessonLanguage", "LSTMCore", "Plot", "SafeFiles"]),
        // The terminal: prose, listings, progress, the image protocols and terminal queries,
        // `lesson step`'s prompt and the observer the commands draw with; above the engine.
        .target(name: "LessonTerminal", dependencies: ["LessonLanguage", "LessonEngine", "LSTMCore", "Plot"]),
        .executableTarget(
            name: "lesson",
            dependencies: [
                "LSTMCore",
                "LessonEngine",
                "LessonTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LSTMCoreTests", dependencies: ["LSTMCore", "LSTMKernels", "SafeFiles"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SafeFilesTests", dependencies: ["SafeFiles"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "CPNG"]),
        // The cell language alone, with a call table of its own: no numerics, no charts.
        .testTarget(name: "LessonLanguageTests", dependencies: ["LessonLanguage"]),
        .testTarget(name: "LessonEngineTests", dependencies: ["LessonLanguage", "LessonEngine", "LessonTerminal", "LSTMCore", "Plot"]),
        .testTarget(name: "LessonTerminalTests", dependencies: ["LessonLanguage", "LessonEngine", "LessonTerminal", "LSTMCore", "Plot"]),
        // Runs the built `lesson` program on the lessons in Tests/EndToEndTests/Lessons; it
        // imports none of the package's modules, so the program is its one dependency.
        .testTarget(name: "EndToEndTests", dependencies: ["lesson"], exclude: ["Lessons"]),
    ]
)
