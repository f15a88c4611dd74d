namespace Splp.SampleAgencies;

/// <summary>A household on one family card (Kartu Keluarga): 1–6 residents sharing the number and address.</summary>
/// <param name="NoKk">The family card number.</param>
/// <param name="Members">The members, the head of the family (KEPALA KELUARGA) first.</param>
public sealed record Family(string NoKk, IReadOnlyList<Resident> Members)
{
    /// <summary>The head of the family.</summary>
    public Resident Head => Members[0];
}
