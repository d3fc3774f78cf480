/// Which cells `lesson run` runs: all of them, one (`--cell 3`, `--cell long-run`,
/// `--cell validate`), or one and every cell after it (`--from 4`).
public enum CellSelection: Equatable, Sendable {
    case all
    case only(String)
    case from(String)
}
