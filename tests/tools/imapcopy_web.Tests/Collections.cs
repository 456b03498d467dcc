using ImapTools.TestBed;

namespace ImapTools.Tools.ImapCopyWeb.Tests;

// xunit 2 only discovers collection definitions in the test assembly itself.
[CollectionDefinition(DovecotCollections.Pair)]
public sealed class DovecotPairCollection : ICollectionFixture<DovecotPairFixture>;
